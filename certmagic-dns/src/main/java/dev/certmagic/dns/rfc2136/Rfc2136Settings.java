package dev.certmagic.dns.rfc2136;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * Where and how RFC 2136 dynamic updates are sent. {@link #toString()} never prints the TSIG secret.
 *
 * @param server the primary server that accepts updates
 * @param zone the zone to update, or {@code null} to find it from the SOA of each record's name
 * @param tsigKeyName the TSIG key's name, or {@code null} for unsigned updates
 * @param tsigAlgorithm the TSIG algorithm, e.g. {@code hmac-sha256}
 * @param tsigSecret the TSIG secret in base64, or {@code null}
 * @param ttl the TTL of the TXT records written
 * @param timeout how long the server may take to answer one message
 */
public record Rfc2136Settings(InetSocketAddress server, String zone, String tsigKeyName, String tsigAlgorithm,
        String tsigSecret, Duration ttl, Duration timeout) {

    private static final Map<String, Name> ALGORITHMS = Map.of(
            "hmac-md5", TSIG.HMAC_MD5, "hmac-sha1", TSIG.HMAC_SHA1, "hmac-sha224", TSIG.HMAC_SHA224,
            "hmac-sha256", TSIG.HMAC_SHA256, "hmac-sha384", TSIG.HMAC_SHA384, "hmac-sha512", TSIG.HMAC_SHA512);

    /**
     * Checks the values; messages name the setting (as in {@code certmagic.dns.rfc2136.*}) but never the secret.
     *
     * @param server the server
     * @param zone the zone or {@code null}
     * @param tsigKeyName the key name or {@code null}
     * @param tsigAlgorithm the algorithm
     * @param tsigSecret the base64 secret or {@code null}
     * @param ttl the TTL
     * @param timeout the timeout
     */
    public Rfc2136Settings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(timeout, "timeout");
        zone = blankToNull(zone);
        tsigKeyName = blankToNull(tsigKeyName);
        tsigSecret = blankToNull(tsigSecret);
        tsigAlgorithm = tsigAlgorithm == null || tsigAlgorithm.isBlank() ? "hmac-sha256"
                : tsigAlgorithm.strip().toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.containsKey(tsigAlgorithm)) {
            throw new IllegalArgumentException("tsig-algorithm '" + tsigAlgorithm + "' is not one of "
                    + new java.util.TreeSet<>(ALGORITHMS.keySet()));
        }
        if ((tsigKeyName == null) != (tsigSecret == null)) {
            throw new IllegalArgumentException("tsig-key-name and tsig-secret must be set together (only "
                    + (tsigKeyName == null ? "tsig-secret" : "tsig-key-name") + " is set)");
        }
        if (tsigSecret != null) {
            try {
                if (Base64.getDecoder().decode(tsigSecret.strip()).length == 0) {
                    throw new IllegalArgumentException("empty");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tsig-secret is not valid base64 (the key's 'secret' as in "
                        + "named.conf or a tsig-keygen output)", null);
            }
        }
        if (ttl.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ttl must not be negative and timeout must be positive");
        }
    }

    /**
     * Builds the TSIG key, or returns {@code null} for unsigned updates.
     *
     * @return the key
     */
    TSIG tsig() {
        if (tsigKeyName == null) {
            return null;
        }
        return new TSIG(ALGORITHMS.get(tsigAlgorithm), absolute(tsigKeyName), Base64.getDecoder()
                .decode(tsigSecret.strip()));
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException("tsig-key-name '" + name + "' is not a DNS name", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public String toString() {
        return "Rfc2136Settings[server=" + server + ", zone=" + zone + ", tsigKeyName=" + tsigKeyName
                + ", tsigAlgorithm=" + tsigAlgorithm + ", tsigSecret=" + (tsigSecret == null ? "none" : "(hidden)")
                + ", ttl=" + ttl + ", timeout=" + timeout + "]";
    }
}
