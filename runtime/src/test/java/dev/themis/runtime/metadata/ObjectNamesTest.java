package dev.themis.runtime.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectNamesTest {

    @Test
    void acceptsTheOriginalFullFormAndTheBareObject() {
        assertThat(MetadataStore.normalizeObject("AI:metadata:User@Example.COM"))
                .isEqualTo("user@example.com");
        assertThat(MetadataStore.normalizeObject("ai:METADATA:user@example.com"))
                .isEqualTo("user@example.com");
        assertThat(MetadataStore.normalizeObject("  user@example.com ")).isEqualTo("user@example.com");
        assertThat(MetadataStore.normalizeObject("TEAM:metadata:alice", "TEAM")).isEqualTo("alice");
        assertThat(MetadataStore.normalizeObject("AI:metadata:alice", "TEAM")).isEqualTo("ai:metadata:alice");
    }

    @Test
    void addressesTakeTheEnginesForm() {
        assertThat(MetadataStore.normalizeObject("AI:metadata:2001:DB8:0:0:0:0:0:1"))
                .isEqualTo("2001:db8::1");
        assertThat(MetadataStore.normalizeObject("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(MetadataStore.normalizeObject("Example.COM")).isEqualTo("example.com");
    }

    @Test
    void anEmptyObjectIsRefused() {
        assertThatThrownBy(() -> MetadataStore.normalizeObject("AI:metadata:  "))
                .hasMessage("empty object in `AI:metadata:  `");
    }
}
