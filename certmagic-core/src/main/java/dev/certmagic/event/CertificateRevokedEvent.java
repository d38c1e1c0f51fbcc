package dev.certmagic.event;

import java.time.Instant;
import java.util.List;

/**
 * A certificate was revoked at its CA and removed from storage.
 *
 * @param names the names, primary first
 * @param issuerKey the issuer that revoked it
 * @param serialHex the revoked certificate's serial number, hexadecimal
 * @param reason the RFC 5280 reason code
 * @param time when it was revoked
 */
public record CertificateRevokedEvent(List<String> names, String issuerKey, String serialHex, int reason,
        Instant time) implements CertificateEvent {

    /**
     * Copies the names.
     *
     * @param names the names, primary first
     * @param issuerKey the issuer that revoked it
     * @param serialHex the revoked certificate's serial number, hexadecimal
     * @param reason the RFC 5280 reason code
     * @param time when it was revoked
     */
    public CertificateRevokedEvent {
        names = List.copyOf(names);
    }
}
