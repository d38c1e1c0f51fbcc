package dev.certmagic.autoconfigure.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Host header decides where a redirect points, so these are the cases the containers might let through.
 */
class HostHeaderTest {

    @ParameterizedTest
    @CsvSource({ "example.com, example.com", "Example.COM:8080, example.com", "a_b.example.com:80, a_b.example.com",
            "xn--bcher-kva.example, xn--bcher-kva.example", "127.0.0.1:80, 127.0.0.1", "[::1]:8080, [::1]",
            "[2001:DB8::1], [2001:db8::1]", "example.com., example.com." })
    void acceptsPlainHostsWithAnOptionalPortAndWritesThemForAUrl(String header, String forUrl) {
        assertThat(HostHeader.parse(header)).get().extracting(HostHeader::forUrl).isEqualTo(forUrl);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "evil.test@example.com", "example.com/evil.test", "example.com\\evil.test",
            "example.com:80:81", "example.com:99999", "example.com:", "example.com:8o", ":80", "[::1", "[::1]x",
            "[fe80::1%eth0]", "[example.com]", "a..b", "-a.example", "a-.example", "exa mple.com", "example.com%2f",
            "example.com\r\nSet-Cookie: x=y", ".", "ex\u00e4mple.com" })
    void rejectsAnythingElse(String header) {
        assertThat(HostHeader.parse(header)).isEmpty();
    }

    @Test
    void rejectsLabelsLongerThan63Characters() {
        assertThat(HostHeader.parse("a".repeat(64) + ".example")).isEmpty();
        assertThat(HostHeader.parse("a".repeat(63) + ".example")).isPresent();
    }
}
