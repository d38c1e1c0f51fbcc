package dev.certmagic.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostNamesTest {

    @ParameterizedTest(name = "normalize({0}) = {1}")
    @CsvSource(nullValues = "NULL", value = {
            "example.com, example.com",
            "Example.COM, example.com",
            "example.com., example.com",
            "WWW.Example.Com., www.example.com",
            "*.example.com, *.example.com",
            "bücher.example, xn--bcher-kva.example",
            "BÜCHER.example, xn--bcher-kva.example",
            "münchen.de., xn--mnchen-3ya.de",
            "127.0.0.1, 127.0.0.1",
            "::1, ::1",
            "2001:DB8::1, 2001:db8::1",
            "localhost, localhost",
            "under_score.example, under_score.example",
            "'', NULL",
            "., NULL",
            "a..b, NULL",
            ".example.com, NULL",
            "example.com.., NULL",
            "exa mple.com, NULL",
            "exa/mple.com, NULL",
            "exa\\mple.com, NULL",
            "exa%mple.com, NULL",
            "NULL, NULL",
    })
    void normalizesNamesAndRejectsGarbage(String input, String expected) {
        assertThat(HostNames.normalize(input)).isEqualTo(expected);
    }

    static Stream<String> hostileInputs() {
        return Stream.of(
                "a".repeat(64) + ".example.com",
                "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com",
                "x".repeat(100_000),
                "\u0000.example.com",
                "evil\u0000.example.com",
                "\uFFFF.example",
                "\uD800.example",
                "e\u0301\u0301\u0301.example",
                "\u202Eexample.com",
                new String(new byte[] {(byte) 0xff, (byte) 0xfe, 0x41}, StandardCharsets.ISO_8859_1),
                "ü".repeat(200) + ".de",
                "..",
                "...",
                "-",
                "xn--zz.example");
    }

    @ParameterizedTest
    @MethodSource("hostileInputs")
    void normalizeNeverThrowsAndNeverReturnsAnOverlongOrMalformedName(String input) {
        assertThatCode(() -> HostNames.normalize(input)).doesNotThrowAnyException();
        String normalized = HostNames.normalize(input);
        if (normalized != null) {
            assertThat(normalized.length()).isLessThanOrEqualTo(253);
            assertThat(normalized).doesNotContain("..").matches("[a-z0-9._*:\\[\\]-]+");
        }
    }

    @Test
    void normalizeRejectsAnOverlongLabelAndAnOverlongName() {
        assertThat(HostNames.normalize("a".repeat(64) + ".example.com")).isNull();
        assertThat(HostNames.normalize("a".repeat(63) + ".example.com")).isNotNull();
        String longName = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertThat(longName).hasSize(253);
        assertThat(HostNames.normalize(longName)).isEqualTo(longName);
        assertThat(HostNames.normalize(longName + "e")).isNull();
    }

    @ParameterizedTest(name = "qualifies({0}) = {1}")
    @CsvSource({
            "example.com, true",
            "sub.example.com, true",
            "*.example.com, true",
            "localhost, true",
            "127.0.0.1, true",
            "*.com, true",
            "'', false",
            "'   ', false",
            ".example.com, false",
            "example.com., false",
            "*, false",
            "*., false",
            "a.*.example.com, false",
            "*.*.example.com, false",
            "**.example.com, false",
            "w*.example.com, false",
            "*example.com, false",
            "ex(ample.com, false",
            "ex ample.com, false",
            "ex@ample.com, false",
            "ex!ample.com, false",
            "ex;ample.com, false",
            "ex=ample.com, false",
            "ex'ample.com, false",
    })
    void qualifiesFollowsCertMagicSubjectRules(String name, boolean expected) {
        assertThat(HostNames.qualifies(name)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "qualifiesForPublicCert({0}) = {1}")
    @CsvSource({
            "example.com, true",
            "www.example.com, true",
            "*.example.com, true",
            "*.sub.example.co.uk, true",
            "xn--bcher-kva.example, true",
            "localhost, false",
            "foo.localhost, false",
            "printer.local, false",
            "db.internal, false",
            "router.home.arpa, false",
            "home.arpa, false",
            "127.0.0.1, false",
            "10.0.0.1, false",
            "192.168.1.1, false",
            "8.8.8.8, false",
            "::1, false",
            "2001:db8::1, false",
            "[2001:db8::1], false",
            "*.com, false",
            "*.local, false",
            "com, false",
            "a.*.example.com, false",
            "'', false",
    })
    void qualifiesForPublicCertRefusesInternalNamesIpsAndTldWildcards(String name, boolean expected) {
        assertThat(HostNames.qualifiesForPublicCert(name)).isEqualTo(expected);
    }

    static Stream<Arguments> wildcardCases() {
        return Stream.of(
                Arguments.of("*.example.com", "a.example.com", true),
                Arguments.of("*.example.com", "www.example.com", true),
                Arguments.of("*.example.com", "example.com", false),
                Arguments.of("*.example.com", "a.b.example.com", false),
                Arguments.of("*.example.com", ".example.com", false),
                Arguments.of("*.example.com", "a.example.org", false),
                Arguments.of("*.example.com", "aexample.com", false),
                Arguments.of("*.example.com", "a.example.com.evil", false),
                Arguments.of("example.com", "example.com", true),
                Arguments.of("example.com", "a.example.com", false),
                Arguments.of("a.*.example.com", "a.b.example.com", false),
                Arguments.of("*", "com", false),
                Arguments.of("*.", "a.", false));
    }

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @MethodSource("wildcardCases")
    void wildcardCoversExactlyOneLeftMostLabel(String subject, String host, boolean expected) {
        assertThat(HostNames.matches(subject, host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "wildcardFor({0}) = {1}")
    @CsvSource(nullValues = "NULL", value = {
            "a.example.com, *.example.com",
            "example.com, *.com",
            "com, NULL",
            "*.example.com, NULL",
            "a., NULL",
    })
    void wildcardForNamesTheCoveringWildcard(String host, String expected) {
        assertThat(HostNames.wildcardFor(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "isIpAddress({0}) = {1}")
    @CsvSource({
            "127.0.0.1, true",
            "255.255.255.255, true",
            "256.0.0.1, false",
            "1.2.3, false",
            "1.2.3.4.5, false",
            "1..3.4, false",
            "::1, true",
            "fe80::1:2, true",
            "[::1], true",
            "example.com, false",
            "1.2.3.example, false",
            "a:b, false",
    })
    void recognizesIpLiteralsWithoutDnsLookups(String name, boolean expected) {
        assertThat(HostNames.isIpAddress(name)).isEqualTo(expected);
    }
}
