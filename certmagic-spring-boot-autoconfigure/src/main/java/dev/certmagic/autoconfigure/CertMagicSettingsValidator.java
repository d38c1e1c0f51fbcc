package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.storage.FileStorage;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Checks {@code certmagic.*} before the certificate manager is built, so that a setting that can never work
 * fails startup with a {@link CertMagicConfigurationException} (and {@link CertMagicFailureAnalyzer}'s report)
 * instead of surfacing later as a CA error that burns rate limits.
 *
 * <p>Names: each must be one that some CA of the chain can issue for. A public CA ({@code letsencrypt},
 * {@code letsencrypt-staging}, {@code zerossl}, or a directory URL on {@code api.letsencrypt.org} or
 * {@code acme.zerossl.com}) takes names that qualify for a public certificate ({@code localhost}, internal names,
 * {@code *.com} do not), and IP addresses only with an ACME profile. A custom URL (a private CA such as step-ca or
 * Pebble) and the local CA ({@code internal}) take any valid host name or IP address: that is the opt-out.
 */
final class CertMagicSettingsValidator {

    private CertMagicSettingsValidator() {
    }

    /**
     * Rejects {@code server.ssl.*} on the connector certmagic serves, where both would configure TLS, except
     * {@code server.ssl.bundle=certmagic}, which names certmagic itself.
     */
    static void checkServerSsl(Environment environment) {
        Map<String, Object> ssl = Binder.get(environment)
                .bind("server.ssl", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        boolean disabled = "false".equalsIgnoreCase(String.valueOf(ssl.get("enabled")));
        if (ssl.isEmpty() || disabled) {
            return;
        }
        Map<String, Object> others = new java.util.TreeMap<>(ssl);
        others.remove("enabled");
        Object bundle = others.remove("bundle");
        if ("certmagic".equals(bundle) && others.isEmpty()) {
            return;
        }
        if ("certmagic".equals(bundle)) {
            throw new CertMagicConfigurationException(
                    "server.ssl.bundle=certmagic is set together with server.ssl." + String.join(", server.ssl.",
                            others.keySet()) + ": certmagic configures the TLS of server.port itself.",
                    "Remove the other server.ssl.* properties.");
        }
        throw new CertMagicConfigurationException(
                "server.ssl.* is set while certmagic serves HTTPS on the same connector (server.port): "
                        + "both would configure its TLS.",
                "Remove the server.ssl.* properties or set server.ssl.bundle=certmagic (certmagic obtains and "
                        + "serves the certificates), or set certmagic.enabled=false to keep Spring Boot's own TLS.");
    }

    /**
     * Checks the ACME settings: the CA, its terms, the names and their challenges.
     *
     * @param dnsAvailable whether a {@code DnsProvider} bean enables DNS-01
     */
    static void checkMustStaple(CertMagicProperties properties) {
        OcspProperties ocsp = properties.getOcsp();
        if (properties.isMustStaple() && !(ocsp.isEnabled() && ocsp.isStapling())) {
            throw new CertMagicConfigurationException(
                    "certmagic.must-staple is true but this server does not staple OCSP responses: every client that "
                            + "honours must-staple would refuse its certificates.",
                    "Set certmagic.ocsp.stapling=true (and keep certmagic.ocsp.enabled=true), or remove "
                            + "certmagic.must-staple.");
        }
    }

    static void checkAcme(CertMagicProperties properties, boolean dnsAvailable) {
        boolean anyAcme = false;
        List<IssuerSettings> chain = IssuerSettings.of(properties);
        for (IssuerSettings issuer : chain) {
            if (issuer.ca() != null && CertificateAuthorities.isInternal(issuer.ca())) {
                // The local CA issues for any name, needs no terms and no challenge.
                checkInternal(properties.getInternal());
                continue;
            }
            anyAcme = true;
            checkCa(issuer);
        }
        // A name a public CA refuses is fine when another CA of the chain can issue it: the chain moves on.
        checkAcmeTimeouts(properties.getAcme());
        for (String name : properties.getDomains()) {
            checkName(name, chain, dnsAvailable);
        }
        if (anyAcme && !properties.getChallenges().getHttp().isEnabled()
                && !properties.getChallenges().getTlsAlpn().isEnabled() && !dnsAvailable) {
            throw new CertMagicConfigurationException(
                    "certmagic.challenges.http.enabled and certmagic.challenges.tls-alpn.enabled are both false "
                            + "and no DnsProvider bean enables DNS-01: no challenge can be solved.",
                    "Enable at least one challenge, or declare a dev.certmagic.dns.DnsProvider bean for DNS-01.");
        }
    }

    /**
     * Rejects {@code certmagic.issuers} set together with a single-CA property: which CA was meant is unclear.
     */
    static void checkIssuerChain(CertMagicProperties properties, Environment environment) {
        String shorthand = IssuerSettings.shorthandBesideChain(properties, environment);
        if (shorthand != null) {
            throw new CertMagicConfigurationException(
                    "certmagic.issuers and " + shorthand + " are both set: " + shorthand + " configures the single "
                            + "CA that certmagic.issuers replaces.",
                    "Move " + shorthand + " into the certmagic.issuers entry it belongs to (certmagic.issuers[i]"
                            + ".ca, .trusted-roots, .profile, .eab.*), or remove certmagic.issuers.");
        }
    }

    private static void checkInternal(InternalCaProperties internal) {
        if (internal.getLifetime() == null || internal.getLifetime().compareTo(java.time.Duration.ofMinutes(1)) < 0
                || internal.getLifetime().compareTo(java.time.Duration.ofDays(900)) > 0) {
            throw new CertMagicConfigurationException(
                    "certmagic.internal.lifetime '" + internal.getLifetime() + "' is outside 1m..900d.",
                    "Set certmagic.internal.lifetime to a duration such as 12h (the default) or 7d.");
        }
    }

    private static void checkCa(IssuerSettings issuer) {
        String ca = issuer.ca();
        if (ca == null || CertificateAuthorities.directory(ca).isEmpty()) {
            throw new CertMagicConfigurationException(
                    issuer.caProperty() + " '" + ca + "' is neither a known CA nor an ACME directory URL.",
                    "Set " + issuer.caProperty() + " to letsencrypt, letsencrypt-staging, zerossl, internal (a "
                            + "local CA), or the https:// URL of an ACME directory.");
        }
        if (!issuer.agreed()) {
            throw new CertMagicConfigurationException(
                    issuer.agreedProperty() + " is not true: the ACME CA (" + ca + ") issues certificates only "
                            + "to accounts that accept its subscriber agreement.",
                    "Read the CA's terms at " + CertificateAuthorities.termsOf(ca)
                            + " and set " + issuer.agreedProperty() + "=true if you accept them.");
        }
    }

    /**
     * Whether some CA of the chain can issue for a name: the local CA and private ACME CAs for any name, a public
     * one for public names, and for IP addresses when a profile is set (Let's Encrypt issues IP certificates only
     * under its {@code shortlived} profile).
     */
    private static boolean servable(String normalized, List<IssuerSettings> chain) {
        for (IssuerSettings issuer : chain) {
            if (CertificateAuthorities.isInternal(issuer.ca()) || !CertificateAuthorities.isPublic(issuer.ca())
                    || HostNames.qualifiesForPublicCert(normalized)
                    || HostNames.isIpAddress(normalized) && issuer.profile() != null && !issuer.profile().isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static void checkAcmeTimeouts(AcmeProperties acme) {
        if (acme.getMaxConcurrentOrders() < 1) {
            // Checked here: the core's refusal would name the manager's maxConcurrentIssuance it also feeds.
            throw new CertMagicConfigurationException(
                    "certmagic.acme.max-concurrent-orders is " + acme.getMaxConcurrentOrders() + ": no certificate "
                            + "could ever be ordered.",
                    "Set certmagic.acme.max-concurrent-orders to 1 or more (default 10), or remove it.");
        }
        if (!isPositive(acme.getOrderTimeout())) {
            throw new CertMagicConfigurationException(
                    "certmagic.acme.order-timeout is " + acme.getOrderTimeout() + ": no order could ever finish.",
                    "Set certmagic.acme.order-timeout to a positive duration such as 90s, or remove it.");
        }
        if (isPositive(acme.getNetworkTimeout()) && isPositive(acme.getResponseTimeout())
                && acme.getNetworkTimeout().compareTo(acme.getResponseTimeout()) > 0) {
            throw new CertMagicConfigurationException(
                    "certmagic.acme.network-timeout (" + acme.getNetworkTimeout() + ") is longer than "
                            + "certmagic.acme.response-timeout (" + acme.getResponseTimeout() + "), the deadline of "
                            + "a whole request: the network timeout could never apply.",
                    "Raise certmagic.acme.response-timeout (about three times the network timeout), or lower "
                            + "certmagic.acme.network-timeout.");
        }
    }

    private static boolean isPositive(java.time.Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void checkName(String name, List<IssuerSettings> chain, boolean dnsAvailable) {
        String normalized = HostNames.normalize(name);
        if (normalized == null || !HostNames.qualifies(normalized)) {
            throw new CertMagicConfigurationException(
                    "certmagic.domains contains '" + name + "', which is not a host name a certificate can be "
                            + "issued for.",
                    "Remove it from certmagic.domains, or correct it to a fully qualified host name.");
        }
        if (!servable(normalized, chain)) {
            String cas = String.join(", ", chain.stream().map(IssuerSettings::ca).toList());
            throw new CertMagicConfigurationException(
                    "certmagic.domains contains '" + name + "', which cannot get a certificate from a public CA ("
                            + cas + "): localhost, IP addresses (without an ACME profile such as shortlived), "
                            + "internal names and wildcards over a public suffix are refused by public CAs.",
                    "Remove it from certmagic.domains, set certmagic.ca to internal (a local CA) or to the ACME "
                            + "directory URL of a private CA that issues for such names, or add such a CA to "
                            + "certmagic.issuers.");
        }
        if (normalized.startsWith("*.") && !dnsAvailable) {
            throw new CertMagicConfigurationException(
                    "certmagic.domains contains the wildcard '" + name + "', and wildcards can only be validated "
                            + "by the DNS-01 challenge, which needs a DnsProvider.",
                    "Declare a dev.certmagic.dns.DnsProvider bean for your DNS host, or list the names the "
                            + "wildcard should cover in certmagic.domains instead.");
        }
    }

    /**
     * Makes sure the file storage folder exists (created owner-only, with its missing parents) and can be read
     * and written, since every certificate and account key goes there. Folders others may write to are logged by
     * the storage and shown in the {@code certificates} health.
     */
    static void checkStoragePath(FileStorage storage) {
        Path root = storage.root();
        try {
            storage.prepareRoot();
        } catch (IOException | SecurityException e) {
            throw unusableStorage(root, "it cannot be created (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isDirectory(root) || !Files.isReadable(root) || !Files.isWritable(root)
                || !Files.isExecutable(root)) {
            throw unusableStorage(root, "it is not a readable and writable folder");
        }
    }

    /**
     * Turns the core's refusal of a setting (an {@link IllegalArgumentException} or {@link IllegalStateException}
     * from a builder) into a startup error in Spring's names: the builder methods the core's message names become
     * the properties that set them.
     *
     * @param refusal the core's exception
     * @param action what to change, in property names
     * @return the exception to throw
     */
    static CertMagicConfigurationException coreRefusal(RuntimeException refusal, String action) {
        CertMagicConfigurationException exception = new CertMagicConfigurationException(
                BuilderSettingNames.translate(refusal.getMessage()), action);
        exception.initCause(refusal);
        return exception;
    }

    private static CertMagicConfigurationException unusableStorage(Path root, String why) {
        return new CertMagicConfigurationException(
                "certmagic.storage.path '" + root + "' cannot hold certificates: " + why + ".",
                "Point certmagic.storage.path at a folder the application's user can read and write (it is "
                        + "created when missing), or fix the folder's owner and permissions.");
    }
}
