package dev.themis.compiler.ast;

import dev.themis.compiler.diag.Span;

/** A {@code # ...} comment, kept beside the statements so that {@code tmscli fmt} preserves it. */
public record Comment(String text, Span span) {}
