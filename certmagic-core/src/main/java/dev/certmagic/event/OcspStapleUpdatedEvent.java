package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * A fresh OCSP response was obtained for a certificate and will be stapled.
 *
 * @param names the names, primary first
 * @param status the certificate status in the response (good, revoked, unknown)
 * @param nextUpdate when the responder will have newer information
 * @param time when the staple was updated
 */
public record OcspStapleUpdatedEvent(List<String> names, String status, Instant nextUpdate,
        Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param status the certificate status in the response (good, revoked, unknown)
     * @param nextUpdate when the responder will have newer information
     * @param time when the staple was updated
     */
    public OcspStapleUpdatedEvent {
        names = List.copyOf(names);
    }
}
