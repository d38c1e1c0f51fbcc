package dev.certmagic.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link Storage#stat(String)} knows about a key.
 *
 * @param key the key, as given to {@code stat}
 * @param modified when the value was last written
 * @param size the value's size in bytes; 0 for a non-terminal key
 * @param terminal {@code true} for a key that holds a value, {@code false} for a prefix that holds other keys
 *     (a "directory")
 */
public record KeyInfo(String key, Instant modified, long size, boolean terminal) {

    /**
     * Checks the components.
     *
     * @param key the key, as given to {@code stat}
     * @param modified when the value was last written
     * @param size the value's size in bytes; 0 for a non-terminal key
     * @param terminal {@code true} for a key that holds a value, {@code false} for a prefix that holds other keys
     */
    public KeyInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
