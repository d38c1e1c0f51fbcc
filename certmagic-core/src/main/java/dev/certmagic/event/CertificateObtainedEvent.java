package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * A new certificate was obtained and stored.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer that issued it
 * @param notAfter the end of its validity
 * @param time when it was stored
 */
public record CertificateObtainedEvent(List<String> names, String issuerKey, Instant notAfter,
        Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that issued it
     * @param notAfter the end of its validity
     * @param time when it was stored
     */
    public CertificateObtainedEvent {
        names = List.copyOf(names);
    }
}
