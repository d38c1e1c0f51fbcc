package dev.certmagic.internal.crypto;

import java.util.Objects;

/**
 * The 32-bit FNV-1a hash that Go CertMagic calls {@code fastHash}, printed as it prints it: lowercase hex without
 * leading zeros. CertMagic names OCSP staples after it, so a staple one side writes is found by the other only if both
 * compute it alike; it identifies, it does not protect.
 */
public final class FastHash {

    private static final int OFFSET_BASIS = 0x811c9dc5;
    private static final int PRIME = 0x01000193;

    private FastHash() {
    }

    /**
     * Hashes bytes.
     *
     * @param input the bytes
     * @return the FNV-1a 32-bit hash as Go's {@code fmt.Sprintf("%x", uint32)} prints it
     */
    public static String of(byte[] input) {
        Objects.requireNonNull(input, "input");
        int hash = OFFSET_BASIS;
        for (byte b : input) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return Integer.toHexString(hash);
    }
}
