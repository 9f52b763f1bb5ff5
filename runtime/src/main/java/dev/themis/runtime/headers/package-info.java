/**
 * ActionHeaders: when a message has a header whose value matches an administrator's regular
 * expression (re2j, linear time), add new headers.
 */
@NullMarked
package dev.themis.runtime.headers;

import org.jspecify.annotations.NullMarked;
