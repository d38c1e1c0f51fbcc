package dev.certmagic.dns.powerdns;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the PowerDNS Authoritative HTTP API is and how to call it. {@link #toString()} never prints the key.
 *
 * @param apiUrl the API's base URL, e.g. {@code http://127.0.0.1:8081} (the {@code /api/v1} path is added)
 * @param apiKey the {@code X-API-Key} value
 * @param serverId the server id in the API path ({@code localhost} for a single server)
 * @param ttl the TTL of the TXT records written
 * @param timeout how long one API call may take (connect and answer)
 */
public record PowerDnsSettings(URI apiUrl, String apiKey, String serverId, Duration ttl, Duration timeout) {

    /**
     * Checks the values; messages name the setting (as in {@code certmagic.dns.powerdns.*}) but never the key.
     *
     * @param apiUrl the URL
     * @param apiKey the key
     * @param serverId the server id, {@code localhost} when blank
     * @param ttl the TTL
     * @param timeout the timeout
     */
    public PowerDnsSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(apiUrl.getScheme()) && !"https".equals(apiUrl.getScheme()) || apiUrl.getHost() == null) {
            throw new IllegalArgumentException("api-url must be an http or https URL with a host");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("api-key is not set");
        }
        serverId = serverId == null || serverId.isBlank() ? "localhost" : serverId.strip();
        if (ttl.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ttl must not be negative and timeout must be positive");
        }
    }

    @Override
    public String toString() {
        return "PowerDnsSettings[apiUrl=" + apiUrl + ", apiKey=(hidden), serverId=" + serverId + ", ttl=" + ttl
                + ", timeout=" + timeout + "]";
    }
}
