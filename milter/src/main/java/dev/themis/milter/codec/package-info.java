/** Milter protocol v6 codec, both sides (MTA and milter): frames, commands, responses, flags. */
@NullMarked
package dev.themis.milter.codec;

import org.jspecify.annotations.NullMarked;
