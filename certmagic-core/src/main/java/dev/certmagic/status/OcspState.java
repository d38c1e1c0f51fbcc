package dev.certmagic.status;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The OCSP response stapled to a certificate, as last reported by the stapler.
 *
 * @param status the certificate status in the response ({@code good}, {@code revoked}, {@code unknown})
 * @param nextUpdate when the responder will have newer information; {@code null} when it did not say
 * @param updatedAt when the staple was fetched
 */
public record OcspState(String status, @Nullable Instant nextUpdate, Instant updatedAt) {
}
