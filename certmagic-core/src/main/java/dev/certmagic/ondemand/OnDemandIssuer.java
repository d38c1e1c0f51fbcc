package dev.certmagic.ondemand;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Produces the certificate for a name the policy allowed: first from storage (a certificate obtained before a
 * restart is reused), else from the CA. Implemented by the certificate manager; the gate only calls it for allowed
 * names, once per name at a time.
 */
@FunctionalInterface
public interface OnDemandIssuer {

    /**
     * Loads the certificate for a name from storage or obtains it. The implementation must call
     * {@link OrderPermit#acquire()} before it places an order at the CA (and not for a storage hit), and should add
     * the result to the certificate cache so that later handshakes never reach the gate again.
     *
     * @param name the normalized, allowed host name
     * @param permit the order budget to claim before contacting the CA
     * @return the certificate, never {@code null}
     * @throws OnDemandDeniedException when the permit refuses the order
     * @throws Exception on any other failure, reported as {@link OnDemandVerdict#ISSUANCE_FAILED}
     */
    ManagedCertificate loadOrObtain(String name, OrderPermit permit) throws Exception;
}
