package dev.certmagic.status;

import java.time.Instant;

/**
 * The OCSP response stapled to a certificate, as last reported by the stapler.
 *
 * @param status the certificate status in the response ({@code good}, {@code revoked}, {@code unknown})
 * @param nextUpdate when the responder will have newer information; {@code null} when it did not say
 * @param updatedAt when the staple was fetched
 */
public record OcspState(String status, Instant nextUpdate, Instant updatedAt) {
}
