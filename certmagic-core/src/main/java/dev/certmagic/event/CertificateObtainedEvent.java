package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

import dev.certmagic.issuance.IssuerFailure;

/**
 * A new certificate was obtained and stored. With several issuers, {@code issuerFailures} lists those asked before the one that
 * issued, and why each failed.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer that issued it
 * @param notAfter the end of its validity
 * @param time when it was stored
 * @param issuerFailures the issuers of the chain that failed during this attempt, in the order asked; empty when
 *     the first issuer asked issued
 */
public record CertificateObtainedEvent(List<String> names, String issuerKey, Instant notAfter,
        Instant time, List<IssuerFailure> issuerFailures) implements CertificateEvent {

    /**
     * Copies the lists.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that issued it
     * @param notAfter the end of its validity
     * @param time when it was stored
     * @param issuerFailures the issuers that failed during this attempt, in the order asked
     */
    public CertificateObtainedEvent {
        names = List.copyOf(names);
        issuerFailures = List.copyOf(issuerFailures);
    }

    /**
     * Creates the event of an attempt in which the first issuer asked issued.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that issued it
     * @param notAfter the end of its validity
     * @param time when it was stored
     */
    public CertificateObtainedEvent(List<String> names, String issuerKey, Instant notAfter, Instant time) {
        this(names, issuerKey, notAfter, time, List.of());
    }
}
