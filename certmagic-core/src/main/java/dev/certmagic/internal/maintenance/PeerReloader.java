package dev.certmagic.internal.maintenance;

import java.util.Optional;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Finds a certificate that another instance sharing the storage renewed, so this instance serves it too
 * (CertMagic's reload of certificates "renewed elsewhere").
 */
@FunctionalInterface
public interface PeerReloader {

    /** A reloader for a single instance: storage never holds anything newer than the cache. */
    PeerReloader NONE = cached -> Optional.empty();

    /**
     * Looks in shared storage for a successor of a cached certificate.
     *
     * @param cached the certificate this instance serves
     * @return the newer certificate from storage (a different hash, same names), or empty when storage holds the
     *     same one
     * @throws Exception if storage could not be read; the cached certificate keeps serving
     */
    Optional<ManagedCertificate> reload(ManagedCertificate cached) throws Exception;
}
