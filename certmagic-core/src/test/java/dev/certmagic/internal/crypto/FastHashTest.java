package dev.certmagic.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FastHashTest {

    @Test
    void matchesTheFnv1a32ReferenceVectors() {
        assertThat(FastHash.of(new byte[0])).isEqualTo("811c9dc5");
        assertThat(FastHash.of(bytes("a"))).isEqualTo("e40c292c");
        assertThat(FastHash.of(bytes("foobar"))).isEqualTo("bf9cf968");
    }

    @Test
    void printsWithoutLeadingZerosAsGosPercentXDoes() {
        assertThat(FastHash.of(bytes("x1127"))).isEqualTo("9a4ea2");
    }

    @Test
    void treatsBytesAsUnsigned() {
        // Reference computed outside Java, where bytes have no sign: a signed 0xff would give another hash.
        assertThat(FastHash.of(new byte[] {(byte) 0xff})).isEqualTo("7a0b824e");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
