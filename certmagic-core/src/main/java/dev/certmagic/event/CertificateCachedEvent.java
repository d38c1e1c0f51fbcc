package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * A certificate was loaded into the in-memory cache (from storage or after issuance).
 *
 * @param names the names, primary first
 * @param notAfter the end of its validity
 * @param time when it was cached
 */
public record CertificateCachedEvent(List<String> names, Instant notAfter, Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param notAfter the end of its validity
     * @param time when it was cached
     */
    public CertificateCachedEvent {
        names = List.copyOf(names);
    }
}
