/**
 * Evaluation of one message against one compiled snapshot (spec section 5): policy order, bypass,
 * Source/Destination, JailBy objects, metadata, limits, JailAction, SPF and ActionHeaders.
 */
@NullMarked
package dev.themis.runtime.eval;

import org.jspecify.annotations.NullMarked;
