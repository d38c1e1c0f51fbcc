package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

import dev.certmagic.issuance.IssuerFailure;

/**
 * A certificate was renewed: its replacement is stored. With several issuers, {@code issuerFailures} lists those asked before the one that
 * issued, and why each failed.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer that issued it
 * @param notAfter the end of the new certificate's validity
 * @param time when it was stored
 * @param issuerFailures the issuers of the chain that failed during this attempt, in the order asked; empty when
 *     the first issuer asked issued
 */
public record CertificateRenewedEvent(List<String> names, String issuerKey, Instant notAfter,
        Instant time, List<IssuerFailure> issuerFailures) implements CertificateEvent {

    /**
     * Copies the lists.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that issued it
     * @param notAfter the end of the new certificate's validity
     * @param time when it was stored
     * @param issuerFailures the issuers that failed during this attempt, in the order asked
     */
    public CertificateRenewedEvent {
        names = List.copyOf(names);
        issuerFailures = List.copyOf(issuerFailures);
    }

    /**
     * Creates the event of an attempt in which the first issuer asked issued.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that issued it
     * @param notAfter the end of the new certificate's validity
     * @param time when it was stored
     */
    public CertificateRenewedEvent(List<String> names, String issuerKey, Instant notAfter, Instant time) {
        this(names, issuerKey, notAfter, time, List.of());
    }
}
