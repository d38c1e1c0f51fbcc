package dev.certmagic.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * OCSP ({@code certmagic.ocsp.*}): responses for certificates that name a responder are fetched, validated, kept
 * in storage and refreshed; a revoked certificate is replaced.
 */
public class OcspProperties {

    /**
     * Whether OCSP responses are fetched for certificates that name a responder (no traffic otherwise).
     */
    private boolean enabled = true;

    /**
     * How often staples are checked; each is refreshed once half its validity has passed.
     */
    private Duration checkInterval = Duration.ofHours(1);

    /**
     * Whether TLS handshakes staple the responses. Turns on the JDK's server-side status_request support,
     * pointed at certmagic's validated responses; these are JVM-wide jdk.tls.* settings. Required by
     * certmagic.must-staple.
     */
    private boolean stapling;

    /**
     * Responder URLs to use instead of those named in certificates: original URL (in brackets, e.g.
     * certmagic.ocsp.responder-overrides[http://ocsp.ca.example]) to replacement.
     */
    private Map<String, URI> responderOverrides = new LinkedHashMap<>();

    /**
     * Responder for certificates that name none.
     */
    private @Nullable URI defaultResponder;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    public boolean isStapling() {
        return stapling;
    }

    public void setStapling(boolean stapling) {
        this.stapling = stapling;
    }

    public Map<String, URI> getResponderOverrides() {
        return responderOverrides;
    }

    public void setResponderOverrides(Map<String, URI> responderOverrides) {
        this.responderOverrides = responderOverrides;
    }

    public @Nullable URI getDefaultResponder() {
        return defaultResponder;
    }

    public void setDefaultResponder(@Nullable URI defaultResponder) {
        this.defaultResponder = defaultResponder;
    }
}
