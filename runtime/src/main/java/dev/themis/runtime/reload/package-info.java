/** Hot reload: compile aside, swap one immutable snapshot atomically, keep the old one on error. */
@NullMarked
package dev.themis.runtime.reload;

import org.jspecify.annotations.NullMarked;
