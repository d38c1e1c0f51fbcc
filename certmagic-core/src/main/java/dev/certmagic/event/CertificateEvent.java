package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * Something that happened to a managed certificate. Listeners switch over the permitted records; unlike
 * CertMagic's event strings with a map, the compiler checks what each event carries.
 */
public sealed interface CertificateEvent permits CertificateObtainingEvent, CertificateObtainedEvent,
        CertificateRenewedEvent, CertificateFailedEvent, CertificateRevokedEvent, CertificateCachedEvent,
        OcspStapleUpdatedEvent, OnDemandDecisionEvent, StorageCleanedEvent {

    /**
     * Returns the names of the certificate concerned, primary name first.
     *
     * @return the names
     */
    List<String> names();

    /**
     * Returns when it happened.
     *
     * @return the time
     */
    Instant time();
}
