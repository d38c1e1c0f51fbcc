package dev.certmagic.internal.maintenance;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Renews one certificate that the {@link Maintainer} found due. The implementation (the ACME renew flow) obtains
 * the successor, stores it and swaps it into the cache; it must leave the old certificate serving when it fails.
 */
@FunctionalInterface
public interface Renewer {

    /**
     * Renews a certificate.
     *
     * @param certificate the certificate due for renewal, as currently cached
     * @throws Exception if renewal failed this time; the maintainer logs it and tries again at a later check
     */
    void renew(ManagedCertificate certificate) throws Exception;
}
