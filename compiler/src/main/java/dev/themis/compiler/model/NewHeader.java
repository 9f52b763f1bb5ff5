package dev.themis.compiler.model;

/** A header that an action header adds: name and value, as given. */
public record NewHeader(String name, String value) {}
