package dev.certmagic.autoconfigure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.challenge.DnsChallengeSettings;
import dev.certmagic.dns.powerdns.PowerDnsProvider;
import dev.certmagic.dns.powerdns.PowerDnsSettings;
import dev.certmagic.dns.resolve.DnsServers;
import dev.certmagic.dns.rfc2136.Rfc2136DnsProvider;
import dev.certmagic.dns.rfc2136.Rfc2136Settings;

/**
 * Turns {@code certmagic.dns.*} into certmagic-dns objects, failing at startup with the property and the fix named
 * (never the TSIG secret). Kept apart from the auto-configuration so that it holds wiring only.
 */
final class DnsSettingsFactory {

    private static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(10);

    private DnsSettingsFactory() {
    }

    static DnsProvider provider(DnsProperties dns) {
        String name = dns.getProvider().strip().toLowerCase(Locale.ROOT);
        if ("powerdns".equals(name)) {
            return powerDns(dns);
        }
        if (!"rfc2136".equals(name)) {
            throw new CertMagicConfigurationException("certmagic.dns.provider '" + dns.getProvider()
                    + "' is not a provider of this version.",
                    "Set certmagic.dns.provider=rfc2136 (dynamic update with TSIG) or powerdns (PowerDNS API), or "
                            + "remove it and declare a dev.certmagic.dns.DnsProvider bean for your DNS host.");
        }
        DnsProperties.Rfc2136 rfc = dns.getRfc2136();
        if (rfc.getServer() == null || rfc.getServer().isBlank()) {
            throw new CertMagicConfigurationException(
                    "certmagic.dns.provider=rfc2136 needs certmagic.dns.rfc2136.server, which is not set.",
                    "Set certmagic.dns.rfc2136.server to the primary DNS server that accepts dynamic updates, and "
                            + "certmagic.dns.rfc2136.tsig-key-name and tsig-secret to the key it allows.");
        }
        if (rfc.getPort() < 1 || rfc.getPort() > 65535) {
            throw new CertMagicConfigurationException("certmagic.dns.rfc2136.port " + rfc.getPort()
                    + " is not a port.", "Set certmagic.dns.rfc2136.port to a number from 1 to 65535 (usually 53).");
        }
        try {
            return new Rfc2136DnsProvider(new Rfc2136Settings(
                    InetSocketAddress.createUnresolved(rfc.getServer().strip(), rfc.getPort()), rfc.getZone(),
                    rfc.getTsigKeyName(), rfc.getTsigAlgorithm(), rfc.getTsigSecret(), ttl(dns), UPDATE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new CertMagicConfigurationException("certmagic.dns.rfc2136: " + e.getMessage() + ".",
                    "Fix certmagic.dns.rfc2136.* (the TSIG key name, algorithm and base64 secret must match the "
                            + "key the DNS server allows to update the zone).");
        }
    }

    private static DnsProvider powerDns(DnsProperties dns) {
        DnsProperties.Powerdns pdns = dns.getPowerdns();
        if (pdns.getApiUrl() == null || pdns.getApiUrl().isBlank() || pdns.getApiKey() == null
                || pdns.getApiKey().isBlank()) {
            throw new CertMagicConfigurationException("certmagic.dns.provider=powerdns needs "
                    + "certmagic.dns.powerdns.api-url and certmagic.dns.powerdns.api-key; "
                    + (pdns.getApiUrl() == null || pdns.getApiUrl().isBlank() ? "api-url" : "api-key")
                    + " is not set.",
                    "Set certmagic.dns.powerdns.api-url to the PowerDNS webserver (e.g. http://127.0.0.1:8081) and "
                            + "certmagic.dns.powerdns.api-key to its 'api-key'.");
        }
        try {
            return new PowerDnsProvider(new PowerDnsSettings(URI.create(pdns.getApiUrl().strip()), pdns.getApiKey(),
                    pdns.getServerId(), ttl(dns), UPDATE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new CertMagicConfigurationException("certmagic.dns.powerdns: " + e.getMessage() + ".",
                    "Set certmagic.dns.powerdns.api-url to an http(s) URL such as http://127.0.0.1:8081.");
        }
    }

    static DnsChallengeSettings challengeSettings(DnsProperties dns) {
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS;
        if (!dns.getResolvers().isEmpty()) {
            try {
                settings = settings.withResolvers(DnsServers.parseAll(dns.getResolvers()));
            } catch (IllegalArgumentException e) {
                throw new CertMagicConfigurationException("certmagic.dns.resolvers: " + e.getMessage() + ".",
                        "List DNS servers as host or host:port, e.g. 127.0.0.1:53.");
            }
        }
        if (dns.getPropagationDelay().isNegative()) {
            throw new CertMagicConfigurationException("certmagic.dns.propagation-delay is negative.",
                    "Set certmagic.dns.propagation-delay to 0 or more (e.g. 10s).");
        }
        return settings.withPropagation(dns.getPropagationDelay(), dns.getPropagationTimeout(),
                DnsChallengeSettings.DEFAULTS.checkInterval()).withOverrideDomain(dns.getOverrideDomain());
    }

    private static Duration ttl(DnsProperties dns) {
        if (dns.getTtl().isNegative()) {
            throw new CertMagicConfigurationException("certmagic.dns.ttl is negative.",
                    "Set certmagic.dns.ttl to the TTL of the DNS-01 records, e.g. 120s.");
        }
        return dns.getTtl();
    }
}
