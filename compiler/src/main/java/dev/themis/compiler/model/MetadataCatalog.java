package dev.themis.compiler.model;

import java.util.List;

/** Every metadata key with type and description, for {@code tmscli -g --metadata list}. */
public final class MetadataCatalog {
    private MetadataCatalog() {}

    public static List<MetadataKey> all() {
        return List.of(MetadataKey.values());
    }
}
