package dev.certmagic.storage;

import java.io.IOException;

/**
 * Thrown by a {@link Storage} when the key asked for does not exist. It is distinct from other
 * {@link IOException}s so that callers can tell "nothing stored yet" (a normal state) from "storage failed"
 * (an error that must not be mistaken for an empty store).
 */
public class KeyNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The key that does not exist. */
    private final String key;

    /**
     * Creates the exception for a missing key.
     *
     * @param key the key that does not exist
     */
    public KeyNotFoundException(String key) {
        super("No value is stored at key '" + key + "'");
        this.key = key;
    }

    /**
     * Returns the key that does not exist.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
