package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Names: with a public CA ({@code letsencrypt}, {@code letsencrypt-staging}, {@code zerossl}, or a directory
 * URL on {@code api.letsencrypt.org} or {@code acme.zerossl.com}) every name must
 * qualify for a public certificate ({@code localhost}, IP addresses, {@code *.com} do not). With a custom
 * {@code certmagic.ca} URL (a private CA such as step-ca or Pebble) a name only has to be a valid host name: such
 * CAs routinely issue for internal names, so a custom URL is the opt-out.
 */
final class CertMagicSettingsValidator {

    private CertMagicSettingsValidator() {
    }

    /**
     * Rejects {@code server.ssl.*} on the connector certmagic serves: both would configure TLS on it.
     */
    static void checkServerSsl(Environment environment) {
        Map<String, Object> ssl = Binder.get(environment)
                .bind("server.ssl", Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
        boolean disabled = "false".equalsIgnoreCase(String.valueOf(ssl.get("enabled")));
        if (!ssl.isEmpty() && !disabled) {
            throw new CertMagicConfigurationException(
                    "server.ssl.* is set while certmagic serves HTTPS on the same connector (server.port): "
                            + "both would configure its TLS.",
                    "Remove the server.ssl.* properties (certmagic obtains and serves the certificates), or set "
                            + "certmagic.enabled=false to keep Spring Boot's own TLS.");
        }
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
        String ca = properties.getCa();
        if (CertificateAuthorities.directory(ca).isEmpty()) {
            throw new CertMagicConfigurationException(
                    "certmagic.ca '" + ca + "' is neither a known CA nor an ACME directory URL.",
                    "Set certmagic.ca to letsencrypt, letsencrypt-staging, zerossl, or the https:// URL of an "
                            + "ACME directory.");
        }
        if (!properties.isAgreed()) {
            throw new CertMagicConfigurationException(
                    "certmagic.agreed is not true: the ACME CA (" + ca + ") issues certificates only to "
                            + "accounts that accept its subscriber agreement.",
                    "Read the CA's terms at " + CertificateAuthorities.termsOf(ca)
                            + " and set certmagic.agreed=true if you accept them.");
        }
        checkAcmeTimeouts(properties.getAcme());
        boolean publicCa = CertificateAuthorities.isPublic(ca);
        for (String name : properties.getDomains()) {
            checkName(name, publicCa, dnsAvailable, ca);
        }
        if (!properties.getChallenges().getHttp().isEnabled() && !properties.getChallenges().getTlsAlpn().isEnabled()
                && !dnsAvailable) {
            throw new CertMagicConfigurationException(
                    "certmagic.challenges.http.enabled and certmagic.challenges.tls-alpn.enabled are both false "
                            + "and no DnsProvider bean enables DNS-01: no challenge can be solved.",
                    "Enable at least one challenge, or declare a dev.certmagic.dns.DnsProvider bean for DNS-01.");
        }
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

    private static void checkName(String name, boolean publicCa, boolean dnsAvailable, String ca) {
        String normalized = HostNames.normalize(name);
        if (normalized == null || !HostNames.qualifies(normalized)) {
            throw new CertMagicConfigurationException(
                    "certmagic.domains contains '" + name + "', which is not a host name a certificate can be "
                            + "issued for.",
                    "Remove it from certmagic.domains, or correct it to a fully qualified host name.");
        }
        if (publicCa && !HostNames.qualifiesForPublicCert(normalized)) {
            throw new CertMagicConfigurationException(
                    "certmagic.domains contains '" + name + "', which cannot get a certificate from a public CA ("
                            + ca + "): localhost, IP addresses, internal names and wildcards over a public "
                            + "suffix are refused by public CAs.",
                    "Remove it from certmagic.domains, or set certmagic.ca to the ACME directory URL of a private "
                            + "CA that issues for such names.");
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
