package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.certmagic.CertificateManager;
import dev.certmagic.CertificateManagerBuilder;
import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.acme.challenge.Dns01Solver;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.TxtLookup;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.issuance.InternalIssuer;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.ondemand.OnDemandDecision;
import dev.certmagic.storage.Storage;
import dev.certmagic.tls.MissingCertificateHandler;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link CertificateManager} from {@code certmagic.*} and the collaborators the application declared
 * as beans, then applies the {@link CertificateManagerBuilderCustomizer} and {@link AcmeIssuerBuilderCustomizer}
 * beans in order. Without {@code certmagic.domains} and without on-demand TLS (only unmanaged certificates) the manager
 * gets no issuer. Building has no side effect beyond reading the configured PEM resources: nothing is started and
 * no CA is contacted (the auto-configuration then prepares the ACME account, see
 * {@link CertificateManager#prepareAsync()}; orders wait for {@link CertMagicLifecycle}).
 */
final class CertificateManagerFactory {

    /** How long a DNS-01 TXT record may take to become visible before the attempt fails. */
    static final Duration DNS_PROPAGATION_TIMEOUT = Duration.ofMinutes(2);

    /** How often propagation of a DNS-01 TXT record is checked. */
    static final Duration DNS_CHECK_INTERVAL = Duration.ofSeconds(2);

    private static final String REFUSED_ACTION = "Correct the setting named above: a certmagic.* property, or the "
            + "builder call in your CertificateManagerBuilderCustomizer or AcmeIssuerBuilderCustomizer bean.";

    private final CertMagicProperties properties;

    private final ResourceLoader resources;

    CertificateManagerFactory(CertMagicProperties properties, ResourceLoader resources) {
        this.properties = properties;
        this.resources = resources;
    }

    /**
     * Builds the manager.
     *
     * @param collaborators the application's beans, or {@code null} where it declared none
     */
    CertificateManager build(Collaborators collaborators) {
        CertificateManager manager;
        try {
            manager = configure(collaborators).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The core refused a setting in its own names; say it in the properties the user wrote.
            throw CertMagicSettingsValidator.coreRefusal(e, REFUSED_ACTION);
        }
        for (UnmanagedCertificateProperties unmanaged : properties.getUnmanaged()) {
            manager.cacheUnmanaged(unmanaged(unmanaged));
        }
        return manager;
    }

    private CertificateManagerBuilder configure(Collaborators collaborators) {
        CertificateManagerBuilder builder = CertificateManager.builder()
                .storage(collaborators.storage())
                .clock(collaborators.clock())
                .httpChallenge(properties.getChallenges().getHttp().isEnabled())
                .tlsAlpnChallenge(properties.getChallenges().getTlsAlpn().isEnabled())
                .issuancePolicy(new IssuancePolicy(properties.getKeyType(), properties.isReusePrivateKeys(),
                        properties.isMustStaple()))
                .renewalPolicy(new RenewalPolicy(properties.getRenewal().getWindowRatio(), jitterSeed()))
                .renewalCheckInterval(properties.getRenewal().getCheckInterval())
                .cacheCapacity(properties.getCacheCapacity())
                .storageCleaning(properties.getStorage().getCleanInterval(), properties.getStorage().getKeepExpired())
                // One issuer: a name in flight is an order in flight, so one property bounds both.
                .maxConcurrentIssuance(properties.getAcme().getMaxConcurrentOrders())
                .defaultServerName(properties.getDefaultServerName())
                .missingCertificateHandler(collaborators.missingCertificateHandler());
        ocsp(properties.getOcsp(), builder);
        if (collaborators.issuer() != null) {
            builder.issuer(collaborators.issuer());
        } else if (needsCa(properties)) {
            for (IssuerSettings issuer : IssuerSettings.of(properties)) {
                if (CertificateAuthorities.isInternal(issuer.ca())) {
                    InternalCaProperties internal = properties.getInternal();
                    builder.addIssuer(new InternalIssuer(collaborators.storage(), internal.getLifetime(),
                            internal.getRootExport(), collaborators.clock()));
                    continue;
                }
                AcmeIssuerBuilder acme = acme(issuer, collaborators);
                collaborators.acmeCustomizers().forEach(customizer -> customizer.customize(acme));
                builder.addAcme(acme);
            }
            builder.issuerPolicy(properties.getIssuerPolicy());
        }
        OnDemandSettings.apply(properties.getOnDemand(), collaborators.onDemandDecision(),
                collaborators.missingCertificateHandler(), builder);
        collaborators.listeners().forEach(builder::listener);
        collaborators.managerCustomizers().forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    private long jitterSeed() {
        Long configured = properties.getRenewal().getJitterSeed();
        return configured != null ? configured : new SecureRandom().nextLong();
    }

    private static void ocsp(OcspProperties ocsp, CertificateManagerBuilder builder) {
        builder.ocspEnabled(ocsp.isEnabled());
        if (!ocsp.isEnabled()) {
            return;
        }
        builder.ocspCheckInterval(ocsp.getCheckInterval()).ocspStapling(ocsp.isStapling());
        if (!ocsp.getResponderOverrides().isEmpty() || ocsp.getDefaultResponder() != null) {
            Map<URI, URI> overrides = new LinkedHashMap<>();
            ocsp.getResponderOverrides().forEach((from, to) -> overrides.put(URI.create(from.strip()), to));
            builder.ocsp(new OcspOptions(overrides, ocsp.getDefaultResponder(), OcspOptions.DEFAULTS.clockSkew()));
        }
    }

    /**
     * Whether certificates will be ordered from the ACME CA: for the configured names, or on demand for names only
     * a handshake reveals.
     */
    static boolean needsCa(CertMagicProperties properties) {
        return !properties.getDomains().isEmpty() || properties.getOnDemand().isEnabled();
    }

    private AcmeIssuerBuilder acme(IssuerSettings issuer, Collaborators collaborators) {
        AcmeProperties acme = properties.getAcme();
        AcmeIssuerBuilder builder = AcmeIssuer.builder(CertificateAuthorities.directory(issuer.ca())
                .orElseThrow()).agreed(issuer.agreed());
        if (issuer.email() != null && !issuer.email().isBlank()) {
            builder.email(issuer.email().trim());
        }
        if (!issuer.trustedRoots().isEmpty()) {
            builder.trustedRoots(trustedRoots(issuer.trustedRoots(), issuer.acmePrefix() + ".trusted-roots"));
        }
        if (issuer.eabKeyId() != null || issuer.eabHmacKey() != null) {
            if (issuer.eabKeyId() == null || issuer.eabHmacKey() == null) {
                String eab = issuer.acmePrefix() + ".eab";
                throw new CertMagicConfigurationException(
                        eab + " needs both key-id and hmac-key; only one is set.",
                        "Set " + eab + ".key-id and " + eab + ".hmac-key from your CA's account page, or remove "
                                + "both.");
            }
            builder.externalAccountBinding(issuer.eabKeyId(), issuer.eabHmacKey());
        }
        if (issuer.profile() != null && !issuer.profile().isBlank()) {
            builder.profile(issuer.profile());
        }
        if (issuer.keyType() != null) {
            builder.keyType(issuer.keyType());
        }
        if (acme.getPreferredChain() != null && !acme.getPreferredChain().isBlank()) {
            builder.preferredChain(acme.getPreferredChain().strip());
        }
        builder.responseTimeout(acme.getResponseTimeout()).maxResponseSize(acme.getMaxResponseSize().toBytes())
                .networkTimeout(acme.getNetworkTimeout()).orderTimeout(acme.getOrderTimeout())
                .maxConcurrentOrders(acme.getMaxConcurrentOrders()).userAgent(acme.getUserAgent());
        if (acme.getAccountKey() != null && !acme.getAccountKey().isBlank()) {
            builder.accountKey(AccountKeyResource.load(acme.getAccountKey(), resources));
        }
        // Added before the manager's own solvers, so DNS-01 is preferred whenever the CA offers it.
        if (collaborators.dnsSolver() != null) {
            builder.solver(collaborators.dnsSolver());
        } else if (collaborators.dnsProvider() != null) {
            builder.solver(new Dns01Solver(collaborators.dnsProvider(), collaborators.txtLookup(),
                    DNS_PROPAGATION_TIMEOUT, DNS_CHECK_INTERVAL));
        }
        return builder;
    }

    private List<X509Certificate> trustedRoots(List<String> locations, String property) {
        List<X509Certificate> roots = new ArrayList<>();
        for (String location : locations) {
            try {
                roots.addAll(PemCodec.readCertificates(read(location)));
            } catch (IOException | IllegalArgumentException e) {
                throw new CertMagicConfigurationException(
                        property + " entry '" + location + "' is not a readable PEM certificate "
                                + "file (" + e.getClass().getSimpleName() + ").",
                        "Point " + property + " at PEM files (file:/path/root.pem or "
                                + "classpath:root.pem) holding the CA's root certificate.");
            }
        }
        return roots;
    }

    private ManagedCertificate unmanaged(UnmanagedCertificateProperties unmanaged) {
        if (unmanaged.getCertificate() == null || unmanaged.getPrivateKey() == null) {
            throw new CertMagicConfigurationException(
                    "certmagic.unmanaged needs both certificate and private-key for each entry.",
                    "Set certmagic.unmanaged[i].certificate and .private-key to PEM files, or remove the entry.");
        }
        try {
            return ManagedCertificate.fromPem(read(unmanaged.getCertificate()), read(unmanaged.getPrivateKey()),
                    false, null);
        } catch (IOException | IllegalArgumentException e) {
            throw new CertMagicConfigurationException(
                    "certmagic.unmanaged certificate '" + unmanaged.getCertificate() + "' with its private key "
                            + "cannot be loaded (" + e.getClass().getSimpleName() + ").",
                    "Set certmagic.unmanaged[i].certificate and .private-key to readable PEM files (chain leaf "
                            + "first, unencrypted key) whose key matches the certificate.");
        }
    }

    private byte[] read(String location) throws IOException {
        Resource resource = resources.getResource(location);
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * The application's beans that replace or extend the manager's defaults.
     *
     * @param storage where certificates live
     * @param clock the clock of every time decision
     * @param dnsProvider enables DNS-01, or {@code null}
     * @param txtLookup how DNS-01 propagation is checked
     * @param missingCertificateHandler on-demand decision hook, or {@code null}
     * @param issuer a custom issuer replacing ACME, or {@code null}
     * @param listeners event listeners, the Spring event bridge included
     * @param onDemandDecision decides which names get certificates on demand, or {@code null}
     * @param managerCustomizers applied in order to the manager's builder after the properties
     * @param acmeCustomizers applied in order to the ACME issuer's builder after the properties
     * @param dnsSolver the DNS-01 solver of certmagic-dns (with {@code certmagic.dns.*}), or {@code null} for the
     *     core's solver around {@code dnsProvider}
     */
    record Collaborators(Storage storage, Clock clock, @Nullable DnsProvider dnsProvider, TxtLookup txtLookup,
            @Nullable MissingCertificateHandler missingCertificateHandler, @Nullable Issuer issuer,
            List<CertificateEventListener> listeners, @Nullable OnDemandDecision onDemandDecision,
            List<CertificateManagerBuilderCustomizer> managerCustomizers,
            List<AcmeIssuerBuilderCustomizer> acmeCustomizers, @Nullable ChallengeSolver dnsSolver) {
    }
}
