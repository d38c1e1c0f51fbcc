package dev.certmagic.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * DNS-01 settings ({@code certmagic.dns.*}): a ready provider and how propagation is awaited, as CertMagic's
 * {@code DNSManager}. A {@code DnsProvider} bean of the application replaces the provider named here.
 */
public class DnsProperties {

    /**
     * DNS provider that writes the DNS-01 TXT records: 'rfc2136' (dynamic update with TSIG: BIND, Knot, PowerDNS,
     * Windows DNS and many hosted services) or 'powerdns' (PowerDNS Authoritative HTTP API). Unset: DNS-01 only
     * with a DnsProvider bean.
     */
    private String provider;

    /**
     * TTL of the TXT records written.
     */
    private Duration ttl = Duration.ofSeconds(120);

    /**
     * How long to wait after writing a record before checking that it is served.
     */
    private Duration propagationDelay = Duration.ZERO;

    /**
     * How long to wait for every server asked to serve the record before the attempt fails; -1 disables the check.
     */
    private Duration propagationTimeout = Duration.ofMinutes(2);

    /**
     * DNS servers (host or host:port) to ask instead of the zone's authoritative servers, and to find zones and
     * CNAME delegations with. Empty: the system's resolvers find the zone, and its authoritative servers are
     * checked directly.
     */
    private List<String> resolvers = new ArrayList<>();

    /**
     * Name whose TXT record is written instead of '_acme-challenge.<name>' for every name (the DNS-01 records are
     * delegated there by a CNAME that you manage).
     */
    private String overrideDomain;

    private final Rfc2136 rfc2136 = new Rfc2136();

    private final Powerdns powerdns = new Powerdns();

    public String getProvider() {
        return this.provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public Duration getTtl() {
        return this.ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public Duration getPropagationDelay() {
        return this.propagationDelay;
    }

    public void setPropagationDelay(Duration propagationDelay) {
        this.propagationDelay = propagationDelay;
    }

    public Duration getPropagationTimeout() {
        return this.propagationTimeout;
    }

    public void setPropagationTimeout(Duration propagationTimeout) {
        this.propagationTimeout = propagationTimeout;
    }

    public List<String> getResolvers() {
        return this.resolvers;
    }

    public void setResolvers(List<String> resolvers) {
        this.resolvers = resolvers;
    }

    public String getOverrideDomain() {
        return this.overrideDomain;
    }

    public void setOverrideDomain(String overrideDomain) {
        this.overrideDomain = overrideDomain;
    }

    public Rfc2136 getRfc2136() {
        return this.rfc2136;
    }

    public Powerdns getPowerdns() {
        return this.powerdns;
    }

    /**
     * PowerDNS Authoritative HTTP API ({@code certmagic.dns.provider=powerdns}).
     */
    public static class Powerdns {

        /**
         * Base URL of the API (the webserver of pdns_server), e.g. http://127.0.0.1:8081.
         */
        private String apiUrl;

        /**
         * API key (pdns.conf 'api-key'), sent as X-API-Key. Never logged.
         */
        private String apiKey;

        /**
         * Server id in the API path.
         */
        private String serverId = "localhost";

        public String getApiUrl() {
            return this.apiUrl;
        }

        public void setApiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        public String getApiKey() {
            return this.apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getServerId() {
            return this.serverId;
        }

        public void setServerId(String serverId) {
            this.serverId = serverId;
        }
    }

    /**
     * RFC 2136 dynamic update ({@code certmagic.dns.provider=rfc2136}).
     */
    public static class Rfc2136 {

        /**
         * Primary DNS server that accepts dynamic updates (host name or IP address).
         */
        private String server;

        /**
         * Port of the server.
         */
        private int port = 53;

        /**
         * Zone to update. Unset: the zone whose SOA the server reports for each record's name.
         */
        private String zone;

        /**
         * Name of the TSIG key allowed to update the zone.
         */
        private String tsigKeyName;

        /**
         * TSIG algorithm: hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1 or hmac-md5.
         */
        private String tsigAlgorithm = "hmac-sha256";

        /**
         * TSIG secret, base64 (the 'secret' of the key in named.conf or tsig-keygen's output). Never logged.
         */
        private String tsigSecret;

        public String getServer() {
            return this.server;
        }

        public void setServer(String server) {
            this.server = server;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getZone() {
            return this.zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }

        public String getTsigKeyName() {
            return this.tsigKeyName;
        }

        public void setTsigKeyName(String tsigKeyName) {
            this.tsigKeyName = tsigKeyName;
        }

        public String getTsigAlgorithm() {
            return this.tsigAlgorithm;
        }

        public void setTsigAlgorithm(String tsigAlgorithm) {
            this.tsigAlgorithm = tsigAlgorithm;
        }

        public String getTsigSecret() {
            return this.tsigSecret;
        }

        public void setTsigSecret(String tsigSecret) {
            this.tsigSecret = tsigSecret;
        }
    }
}
