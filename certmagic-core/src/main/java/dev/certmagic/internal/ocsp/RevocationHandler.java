package dev.certmagic.internal.ocsp;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.ocsp.RevocationReason;

/**
 * Told when an OCSP responder reports a certificate as revoked. The certificate manager answers with a forced
 * renewal; when {@link RevocationReason#requiresNewKey()} the replacement must use a fresh key, since the old one
 * is compromised.
 *
 * <p>Called on the thread that refreshed the staple, once per validated revoked response (a fetched one, or a
 * stored one loaded at start), so it may be called again at a later refresh if the certificate is still served:
 * make the reaction idempotent. Exceptions are logged and do not stop the refresh of other certificates.
 */
@FunctionalInterface
public interface RevocationHandler {

    /**
     * Reacts to a revocation.
     *
     * @param certificate the revoked certificate (already carrying the revoked staple)
     * @param status the validated response, with reason and revocation time
     */
    void onRevoked(ManagedCertificate certificate, OcspStatus status);
}
