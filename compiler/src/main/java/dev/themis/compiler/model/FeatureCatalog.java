package dev.themis.compiler.model;

import java.util.List;

/** Every feature with its type, default and description, for {@code tmscli -g --features list}. */
public final class FeatureCatalog {
    private FeatureCatalog() {}

    /** All features in documentation order. */
    public static List<Feature> all() {
        return List.of(Feature.values());
    }
}
