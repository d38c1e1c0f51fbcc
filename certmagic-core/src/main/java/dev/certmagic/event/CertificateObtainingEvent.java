package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * An attempt to obtain (or renew) a certificate is starting; published after the lock is held and only when an
 * order will really be placed.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer asked
 * @param renewal whether it replaces an existing certificate
 * @param time when the attempt started
 */
public record CertificateObtainingEvent(List<String> names, String issuerKey, boolean renewal,
        Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer asked
     * @param renewal whether it replaces an existing certificate
     * @param time when the attempt started
     */
    public CertificateObtainingEvent {
        names = List.copyOf(names);
    }
}
