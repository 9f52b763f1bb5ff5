package dev.themis.milter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void postfixNotations() {
        assertThat(ListenAddress.parse("inet:127.0.0.1:8440")).isEqualTo(new ListenAddress.Inet("127.0.0.1", 8440));
        assertThat(ListenAddress.parse("inet:localhost:1")).isEqualTo(new ListenAddress.Inet("localhost", 1));
        assertThat(ListenAddress.parse("inet6:[::1]:8440")).isEqualTo(new ListenAddress.Inet6("::1", 8440));
        assertThat(ListenAddress.parse("unix:/run/themis.sock"))
                .isEqualTo(new ListenAddress.Unix(Path.of("/run/themis.sock")));
        assertThat(ListenAddress.parse("inet6:[2001:db8::1]:25").toString()).isEqualTo("inet6:[2001:db8::1]:25");
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:8440")).hasMessageContaining("needs a type");
        assertThatThrownBy(() -> ListenAddress.parse("inet:::1:8440")).hasMessageContaining("inet6:[ADDR]:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("inet:host:99999")).hasMessageContaining("is not 0..65535");
        assertThatThrownBy(() -> ListenAddress.parse("inet6:::1:25"))
                .hasMessageContaining("expected inet6:[ADDR]:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("unix:")).hasMessageContaining("socket path is empty");
    }
}
