package dev.certmagic.status;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.issuance.IssuerFailure;

/**
 * One cached certificate as operators see it (the actuator endpoint, health and metrics read these). A snapshot:
 * computed for one instant, never updated. Absent parts are {@code null} so that a JSON rendering simply shows
 * them as such.
 *
 * @param names the names it covers, primary first
 * @param managed whether certmagic obtained it and keeps it renewed (unmanaged ones are user-supplied)
 * @param issuer the issuer's distinguished name (RFC 2253)
 * @param serialNumber the serial number, lowercase hexadecimal
 * @param keyType the key type ({@code EC}, {@code RSA}, {@code OTHER})
 * @param notBefore the start of its validity
 * @param notAfter the end of its validity
 * @param renewalWindowStart when renewal becomes due by the renewal policy; {@code null} for unmanaged ones
 * @param nextRenewalAttempt when the next renewal attempt may start: the renewal time, or the retry time after a
 *     failure, whichever is later; {@code null} for unmanaged ones and failures that are not retried
 * @param status the status at the instant of the snapshot
 * @param lastError the last failure for one of its names since its last success, or {@code null}
 * @param ari the CA's suggested renewal window (RFC 9773), or {@code null} when the CA offered none
 * @param ocsp the stapled OCSP response, or {@code null} when none was reported
 * @param storageKey the storage folder of its assets ({@code certificates/<issuer>/<name>}); {@code null} for
 *     unmanaged ones
 * @param issuerKey the key of the issuer of the chain that issued it (see {@code Issuer.issuerKey()}); {@code null}
 *     for unmanaged ones
 * @param issuerFailures the issuers of the chain that failed during the last attempt for one of its names, and
 *     why, in the order asked: the CAs a fallback issuer stood in for, or every CA of a failed attempt
 */
public record CertificateView(List<String> names, boolean managed, String issuer, String serialNumber,
        String keyType, Instant notBefore, Instant notAfter, @Nullable Instant renewalWindowStart,
        @Nullable Instant nextRenewalAttempt, CertificateStatus status, @Nullable LastError lastError,
        @Nullable RenewalWindow ari, @Nullable OcspState ocsp, @Nullable String storageKey,
        @Nullable String issuerKey, List<IssuerFailure> issuerFailures) {

    /**
     * Copies the names.
     *
     * @param names the names it covers, primary first
     * @param managed whether certmagic keeps it renewed
     * @param issuer the issuer's distinguished name
     * @param serialNumber the serial number, hexadecimal
     * @param keyType the key type
     * @param notBefore the start of its validity
     * @param notAfter the end of its validity
     * @param renewalWindowStart when renewal becomes due
     * @param nextRenewalAttempt when the next renewal attempt may start
     * @param status the status
     * @param lastError the last failure, or {@code null}
     * @param ari the CA's suggested renewal window, or {@code null}
     * @param ocsp the stapled OCSP response, or {@code null}
     * @param storageKey the storage folder of its assets, or {@code null}
     * @param issuerKey the key of the issuer that issued it, or {@code null}
     * @param issuerFailures the issuers that failed during the last attempt, in the order asked
     */
    public CertificateView {
        names = List.copyOf(names);
        issuerFailures = List.copyOf(issuerFailures);
    }
}
