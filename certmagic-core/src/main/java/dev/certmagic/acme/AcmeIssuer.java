package dev.certmagic.acme;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.Revoker;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Issuer} and {@link Revoker} for any RFC 8555 CA, on acme4j: CertMagic's {@code ACMEIssuer}. Built with
 * {@link #builder(URI)}; see {@link AcmeIssuerBuilder} for the settings.
 *
 * <p>For each request it logs in with the stored account (see {@link AcmeAccounts}), places an order, solves each
 * pending authorization with the first enabled solver that fits (wildcards only by DNS-01), finalizes with the
 * flow's CSR and downloads the chain (the preferred one, if configured and offered). At most
 * {@link AcmeIssuerBuilder#maxConcurrentOrders(int)} orders run at once per issuer, so one instance never floods
 * its CA; each runs on an ACME session of its own, so their requests do not queue behind each other (see
 * {@link AcmeSessions}).
 *
 * <p>A hostile or broken CA cannot hold or exhaust the manager: every request has an overall deadline
 * ({@link AcmeIssuerBuilder#responseTimeout(java.time.Duration)}, default 30 s) covering the whole body, and every
 * answer a size cap ({@link AcmeIssuerBuilder#maxResponseSize(long)}, default 2 MiB); either failure is retryable
 * and goes to the retry schedule. No lock of the issuer is held across a network read (see {@link AccountLogin});
 * acme4j itself holds a session's nonce lock for each request, and each order has a session of its own.
 */
public final class AcmeIssuer implements Issuer, Revoker {

    /** Let's Encrypt's production directory. */
    public static final URI LETS_ENCRYPT_PRODUCTION = URI.create("https://acme-v02.api.letsencrypt.org/directory");

    /** Let's Encrypt's staging directory: untrusted certificates, generous limits; use it to test. */
    public static final URI LETS_ENCRYPT_STAGING =
            URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");

    /** ZeroSSL's directory; it requires External Account Binding. */
    public static final URI ZEROSSL = URI.create("https://acme.zerossl.com/v2/DV90");

    /**
     * Hosts (and their subdomains) of the public CAs, as CertMagic's {@code PreCheck} recognises them: these CAs
     * only issue for publicly resolvable names.
     */
    private static final List<String> PUBLIC_CA_HOSTS = List.of("api.letsencrypt.org", "acme.zerossl.com");

    private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);

    private final AcmeSettings settings;
    private final String issuerKey;
    private final AcmePolling polling;
    private final AcmeSessions orderSessions;
    private final AcmeRenewalInfo renewalInfo;
    private final AccountLogin account;
    private final Clock clock;
    private final AtomicBoolean prepared = new AtomicBoolean();
    private final Object providerLock = new Object();
    private TrustingAcmeProvider provider;

    AcmeIssuer(AcmeSettings settings, Storage storage, Clock clock) {
        this.settings = settings;
        this.issuerKey = StorageKeys.issuerKey(settings.directory());
        this.account = new AccountLogin(new AcmeAccounts(storage, issuerKey, settings.email(), settings.agreed(),
                settings.eabKeyId(), settings.eabHmacKey(), settings.accountKey()), this::newSession);
        this.polling = new AcmePolling(settings.pollInterval(), settings.maxPollInterval(), clock);
        this.orderSessions = new AcmeSessions(settings.maxConcurrentOrders(), this::newSession);
        this.clock = clock;
        this.renewalInfo = new AcmeRenewalInfo(clock);
    }

    /**
     * Starts a builder for a CA's directory URL.
     *
     * @param directory the ACME directory URL, e.g. {@link #LETS_ENCRYPT_PRODUCTION}
     * @return the builder
     */
    public static AcmeIssuerBuilder builder(URI directory) {
        return new AcmeIssuerBuilder(directory);
    }

    @Override
    public String issuerKey() {
        return issuerKey;
    }

    /**
     * Returns the CA's directory URL.
     *
     * @return the directory URL
     */
    public URI directory() {
        return settings.directory();
    }

    /**
     * Tells whether a directory URL belongs to a public CA (Let's Encrypt, including staging, or ZeroSSL),
     * recognised by its host as CertMagic does, so a CA named by its URL is held to the same rules as one named by
     * a constant.
     *
     * @param directory an ACME directory URL
     * @return whether the CA issues only for names that {@link HostNames#qualifiesForPublicCert qualify for a
     *     public certificate}
     */
    public static boolean isPublicCa(URI directory) {
        String host = directory.getHost();
        if (host == null) {
            return false;
        }
        String normalized = host.toLowerCase(Locale.ROOT);
        if (normalized.endsWith(".")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        for (String publicHost : PUBLIC_CA_HOSTS) {
            if (normalized.equals(publicHost) || normalized.endsWith("." + publicHost)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses, before any request to the CA, names a public CA never issues for (CertMagic's {@code PreCheck}). An
     * IP address passes when a profile is configured: Let's Encrypt issues IP certificates only under a profile
     * (its {@code shortlived} one), and the CA refuses the order itself if the profile does not allow them.
     */
    @Override
    public void preCheck(List<String> names) throws IssuanceException {
        if (!isPublicCa(settings.directory())) {
            return;
        }
        for (String name : names) {
            if (HostNames.isIpAddress(name) && settings.profile() != null) {
                continue;
            }
            if (!HostNames.qualifiesForPublicCert(name)) {
                throw new IssuanceException("'" + name + "' cannot get a certificate from a public CA ("
                        + settings.directory() + "): localhost, IP addresses, internal names and wildcards over a "
                        + "public suffix are refused by public CAs; use a private CA for such names", false, null,
                        null);
            }
        }
    }

    @Override
    public Optional<KeyType> keyType() {
        return Optional.ofNullable(settings.keyType());
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException, InterruptedException {
        Session orderSession = orderSessions.acquire();
        Login used = null;
        try {
            try {
                used = currentLogin();
                return issueOnce(orderSession.login(used.getAccountLocation(), used.getKeyPair()), request);
            } catch (AcmeException e) {
                if (!AcmeErrors.isAccountDoesNotExist(e)) {
                    throw AcmeErrors.translate("Obtaining a certificate for " + request.names(), e);
                }
                Login fresh = account.recreate(used);
                try {
                    return issueOnce(orderSession.login(fresh.getAccountLocation(), fresh.getKeyPair()), request);
                } catch (AcmeException again) {
                    throw AcmeErrors.translate("Obtaining a certificate for " + request.names(), again);
                }
            }
        } finally {
            orderSessions.release(orderSession);
        }
    }

    /**
     * Loads or registers the account, once per issuer: the first request of a cold start does it while the
     * others still make their keys and CSRs. Later calls return at once; a failure is left for {@link #issue}
     * to meet and report.
     */
    @Override
    public void prepare() {
        if (!prepared.compareAndSet(false, true)) {
            return;
        }
        try {
            currentLogin();
        } catch (IssuanceException e) {
            LOG.debug("The ACME account is not ready yet; the order will try again: {}", e.getMessage());
        }
    }

    /**
     * Asks the CA for its renewal suggestion (ARI). Returns empty when the CA's directory has no
     * {@code renewalInfo} or the CA does not answer; see {@link Issuer#renewalInfo}.
     */
    @Override
    public Optional<SuggestedRenewal> renewalInfo(X509Certificate leaf) {
        if (!AcmeRenewalInfo.offered(account.session())) {
            // Without ARI there is nothing to ask, and no reason to load the account.
            return Optional.empty();
        }
        Login used;
        try {
            used = currentLogin();
        } catch (IssuanceException e) {
            return Optional.empty();
        }
        return renewalInfo.fetch(used, leaf);
    }

    @Override
    public void revoke(X509Certificate certificate, int reason) throws IssuanceException, InterruptedException {
        try {
            Certificate.revoke(currentLogin(), certificate, RevocationReason.code(reason));
        } catch (AcmeException e) {
            throw AcmeErrors.translate("Revoking certificate " + certificate.getSerialNumber().toString(16), e);
        }
    }

    private IssuedCertificate issueOnce(Login login, CertificateRequest request)
            throws AcmeException, IssuanceException, InterruptedException {
        boolean ari = AcmeRenewalInfo.offered(login.getSession());
        Order order = createOrder(login, request, ari && request.replaces() != null);
        for (Authorization authorization : order.getAuthorizations()) {
            // Load it here, where a badNonce can be retried, rather than lazily inside getStatus().
            NonceRetry.run(authorization::fetch);
            if (authorization.getStatus() == Status.PENDING) {
                solve(authorization);
            } else if (authorization.getStatus() != Status.VALID) {
                throw new IssuanceException("The authorization for " + authorization.getIdentifier().getValue()
                        + " is " + authorization.getStatus(), true, null, null);
            }
        }
        Status status = polling.await(order, EnumSet.of(Status.READY, Status.VALID), settings.orderTimeout());
        if (status == Status.INVALID) {
            throw orderFailed(order);
        }
        if (status == Status.READY) {
            NonceRetry.run(() -> order.execute(request.csr()));
            status = polling.await(order, EnumSet.of(Status.VALID), settings.orderTimeout());
            if (status != Status.VALID) {
                throw orderFailed(order);
            }
        }
        Certificate certificate = order.getCertificate();
        NonceRetry.run(certificate::download);
        Certificate chosen = settings.preferredChain() == null ? certificate
                : certificate.findCertificate(settings.preferredChain()).orElse(certificate);
        List<X509Certificate> chain = chosen.getCertificateChain();
        SuggestedRenewal suggestion = ari ? renewalInfo.fetch(login, chain.get(0)).orElse(null) : null;
        return new IssuedCertificate(chain, issuerKey, suggestion);
    }

    private Order createOrder(Login login, CertificateRequest request, boolean replaces)
            throws AcmeException, IssuanceException {
        // IP addresses are "ip" identifiers (RFC 8738), everything else "dns".
        OrderBuilder builder = login.newOrder().identifiers(request.names().stream()
                .map(name -> HostNames.isIpAddress(name) ? Identifier.ip(name) : Identifier.dns(name)).toList());
        if (settings.profile() != null) {
            Metadata metadata = login.getSession().getMetadata();
            if (!metadata.isProfileAllowed(settings.profile())) {
                throw new IssuanceException("The CA at " + settings.directory() + " does not offer the ACME profile '"
                        + settings.profile() + "' (offered: " + metadata.getProfiles() + "); change or remove it",
                        false, null, null);
            }
            builder.profile(settings.profile());
        }
        if (!replaces) {
            return NonceRetry.call(builder::create);
        }
        try {
            OrderBuilder replacing = builder.replaces(request.replaces());
            return NonceRetry.call(replacing::create);
        } catch (AcmeException e) {
            if (!AcmeErrors.isAlreadyReplaced(e)) {
                throw e;
            }
            // Another order already replaced that certificate (a peer, or an earlier attempt of ours): a plain
            // order still renews; the CA only loses the link between the two certificates.
            LOG.info("The CA says certificate {} was already replaced; ordering without 'replaces'",
                    request.replaces().getSerialNumber().toString(16));
            return createOrder(login, request, false);
        }
    }

    private void solve(Authorization authorization) throws AcmeException, IssuanceException, InterruptedException {
        String identifier = (authorization.isWildcard() ? "*." : "") + authorization.getIdentifier().getValue();
        Map<String, Challenge> offered = new LinkedHashMap<>();
        for (Challenge challenge : authorization.getChallenges()) {
            offered.put(challenge.getType(), challenge);
        }
        for (ChallengeSolver solver : settings.solvers()) {
            Challenge challenge = offered.get(solver.challengeType());
            if (challenge == null || !solver.supports(identifier)) {
                continue;
            }
            try {
                solver.present(identifier, challenge);
                NonceRetry.run(challenge::trigger);
                Status status = polling.await(authorization, EnumSet.of(Status.VALID), settings.orderTimeout());
                if (status != Status.VALID) {
                    NonceRetry.call(challenge::fetch);
                    throw AcmeErrors.failedValidation(identifier, challenge.getType(),
                            challenge.getError().orElse(null));
                }
                return;
            } catch (IOException e) {
                throw new IssuanceException("Could not present the " + solver.challengeType() + " challenge for "
                        + identifier + ": " + e.getMessage(), true, null, e);
            } finally {
                solver.cleanUp(identifier, challenge);
            }
        }
        throw new IssuanceException("No enabled challenge type can validate " + identifier + " (offered: "
                + offered.keySet() + ", enabled: " + enabledTypes() + (identifier.startsWith("*.")
                ? "; wildcard names need DNS-01 with a DnsProvider" : "") + ")", false, null, null);
    }

    private IssuanceException orderFailed(Order order) {
        return new IssuanceException("The order for " + order.getIdentifiers() + " failed: "
                + order.getError().map(AcmeErrors::detail).orElse("status " + order.getStatus()), true, null, null);
    }

    /** The settings this issuer was built with (for tests: two builds of one builder have equal settings). */
    AcmeSettings settings() {
        return settings;
    }

    /** The challenge types this issuer's solvers answer, in the order they are tried. */
    List<String> challengeTypes() {
        return enabledTypes();
    }

    private List<String> enabledTypes() {
        List<String> types = new ArrayList<>();
        settings.solvers().forEach(s -> types.add(s.challengeType()));
        return types;
    }

    private Login currentLogin() throws IssuanceException {
        return account.current();
    }

    private Session newSession() {
        TrustingAcmeProvider shared;
        // Its own lock: an order making its session must not wait for the account login.
        synchronized (providerLock) {
            if (provider == null) {
                provider = new TrustingAcmeProvider(settings.trustedRoots(), clock, settings.responseTimeout(),
                        settings.maxResponseSize(), settings.userAgent());
            }
            shared = provider;
        }
        Session created = new Session(settings.directory(), shared);
        created.networkSettings().setTimeout(settings.networkTimeout());
        return created;
    }

    /** How many order sessions exist; for tests. */
    int orderSessionCount() {
        return orderSessions.created();
    }

    static void requireNonBlank(String value, String what) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
