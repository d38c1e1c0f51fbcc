package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * A certificate was renewed: its replacement is stored.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer that issued it
 * @param notAfter the end of the new certificate's validity
 * @param time when it was stored
 */
public record CertificateRenewedEvent(List<String> names, String issuerKey, Instant notAfter,
        Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that issued it
     * @param notAfter the end of the new certificate's validity
     * @param time when it was stored
     */
    public CertificateRenewedEvent {
        names = List.copyOf(names);
    }
}
