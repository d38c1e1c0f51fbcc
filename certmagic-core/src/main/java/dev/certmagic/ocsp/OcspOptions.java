package dev.certmagic.ocsp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How certmagic reaches OCSP responders, as CertMagic's {@code OCSPConfig}.
 *
 * @param responderOverrides responder URLs to use instead of those named in certificates (key: the URL in the
 *     certificate's AIA extension), e.g. to go through an internal mirror
 * @param defaultResponder a responder for certificates that name none, or {@code null} to leave those alone (no
 *     traffic at all)
 * @param clockSkew how far in the future a response's {@code thisUpdate} may lie
 */
public record OcspOptions(Map<URI, URI> responderOverrides, @Nullable URI defaultResponder, Duration clockSkew) {

    /** Clock difference tolerated between us and a responder for {@code thisUpdate}: five minutes. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    /** No overrides, no default responder, {@link #DEFAULT_CLOCK_SKEW five minutes} of skew. */
    public static final OcspOptions DEFAULTS = new OcspOptions(Map.of(), null, DEFAULT_CLOCK_SKEW);

    /**
     * Copies the overrides.
     *
     * @param responderOverrides responder URLs to use instead of those named in certificates
     * @param defaultResponder a responder for certificates that name none, or {@code null}
     * @param clockSkew how far in the future a response's {@code thisUpdate} may lie
     */
    public OcspOptions {
        responderOverrides = Map.copyOf(responderOverrides);
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
    }
}
