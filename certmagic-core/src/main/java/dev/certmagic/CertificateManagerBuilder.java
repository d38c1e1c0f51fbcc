package dev.certmagic;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.maintenance.Maintainer;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.IssuerPolicy;
import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.ondemand.OnDemandPolicy;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.tls.MissingCertificateHandler;

/**
 * Collects the settings of a {@link CertificateManager}. Nothing is started, opened or contacted until
 * {@link CertificateManager#start()} or {@link CertificateManager#manageAsync}.
 *
 * <p>The only required choice is where certificates come from: an {@link #acme(AcmeIssuerBuilder) ACME CA} (the
 * manager adds the HTTP-01 and TLS-ALPN-01 solvers it answers itself) or any other {@link #issuer(Issuer)}; for
 * fallbacks, further issuers are {@link #addAcme(AcmeIssuerBuilder) added} to a chain asked in the order of the
 * {@link #issuerPolicy(IssuerPolicy) issuer policy}. A manager without an issuer serves only unmanaged
 * certificates.
 */
public final class CertificateManagerBuilder {

    /** How often staples are checked by default (see {@link #ocspCheckInterval(Duration)}). */
    public static final Duration DEFAULT_OCSP_CHECK_INTERVAL = Duration.ofHours(1);

    /** How often storage is swept by default (see {@link #storageCleaning(Duration, Duration)}). */
    public static final Duration DEFAULT_STORAGE_CLEAN_INTERVAL = Duration.ofHours(24);

    /** How long expired certificates are kept in storage by default. */
    public static final Duration DEFAULT_KEEP_EXPIRED = Duration.ofHours(24);

    Storage storage;
    /** The issuer chain in configured order: each entry an {@link AcmeIssuerBuilder} or an {@link Issuer}. */
    final List<Object> issuers = new ArrayList<>();
    IssuerPolicy issuerPolicy = IssuerPolicy.FIRST;
    boolean httpChallenge = true;
    boolean tlsAlpnChallenge = true;
    IssuancePolicy issuancePolicy = IssuancePolicy.DEFAULT;
    RenewalPolicy renewalPolicy;
    Duration renewalCheckInterval = Maintainer.DEFAULT_CHECK_INTERVAL;
    String defaultServerName;
    Clock clock = Clock.systemUTC();
    int cacheCapacity;
    int maxConcurrentIssuance = 10;
    MissingCertificateHandler missingCertificateHandler;
    OnDemandPolicy onDemandPolicy;
    Consumer<OnDemandGate.Builder> onDemandSettings = gate -> { };
    final List<CertificateEventListener> listeners = new ArrayList<>();
    boolean ocspEnabled = true;
    OcspOptions ocspOptions = OcspOptions.DEFAULTS;
    Duration ocspCheckInterval = DEFAULT_OCSP_CHECK_INTERVAL;
    boolean ocspStapling;
    Duration storageCleanInterval = DEFAULT_STORAGE_CLEAN_INTERVAL;
    Duration keepExpired = DEFAULT_KEEP_EXPIRED;

    CertificateManagerBuilder() {
    }

    /**
     * Sets where certificates, keys, accounts and locks are kept. Default: a {@link FileStorage} at
     * {@link FileStorage#defaultRoot()}. Instances that share a storage share certificates and coordinate
     * through its locks.
     *
     * @param storage the storage; the manager closes it on {@link CertificateManager#close()}
     * @return this builder
     */
    public CertificateManagerBuilder storage(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        return this;
    }

    /**
     * Obtains certificates from an ACME CA. The manager adds its own HTTP-01 and TLS-ALPN-01 solvers (unless
     * disabled) after any solver already on the builder (a DNS-01 solver added there is therefore preferred), and
     * builds the issuer with its storage and clock.
     *
     * @param acme the CA's settings, from {@code AcmeIssuer.builder(directory)}
     * @return this builder
     */
    public CertificateManagerBuilder acme(AcmeIssuerBuilder acme) {
        issuers.clear();
        return addAcme(acme);
    }

    /**
     * Appends an ACME CA to the issuer chain, as {@link #acme(AcmeIssuerBuilder)} describes; an order that fails
     * at the issuers before it (unreachable, rate-limited, server error) comes here within the same attempt.
     *
     * @param acme the CA's settings, with an issuer key no other issuer of the chain has
     * @return this builder
     */
    public CertificateManagerBuilder addAcme(AcmeIssuerBuilder acme) {
        issuers.add(Objects.requireNonNull(acme, "acme"));
        return this;
    }

    /**
     * Obtains certificates from a custom issuer instead of an ACME CA. If it also implements
     * {@code dev.certmagic.issuance.Revoker}, {@link CertificateManager#revoke} uses it.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public CertificateManagerBuilder issuer(Issuer issuer) {
        issuers.clear();
        return addIssuer(issuer);
    }

    /**
     * Appends a custom issuer to the issuer chain (see {@link #addAcme(AcmeIssuerBuilder)}).
     *
     * @param issuer the issuer, with an issuer key no other issuer of the chain has
     * @return this builder
     */
    public CertificateManagerBuilder addIssuer(Issuer issuer) {
        issuers.add(Objects.requireNonNull(issuer, "issuer"));
        return this;
    }

    /**
     * Sets the order in which a chain of several issuers is asked. Default {@link IssuerPolicy#FIRST}.
     *
     * @param policy the policy
     * @return this builder
     */
    public CertificateManagerBuilder issuerPolicy(IssuerPolicy policy) {
        this.issuerPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets whether the manager solves HTTP-01 challenges (its responder must be reachable on port 80 of each
     * name). Default {@code true}.
     *
     * @param enabled whether HTTP-01 is used
     * @return this builder
     */
    public CertificateManagerBuilder httpChallenge(boolean enabled) {
        this.httpChallenge = enabled;
        return this;
    }

    /**
     * Sets whether the manager solves TLS-ALPN-01 challenges (its key manager must serve port 443 of each name).
     * Default {@code true}.
     *
     * @param enabled whether TLS-ALPN-01 is used
     * @return this builder
     */
    public CertificateManagerBuilder tlsAlpnChallenge(boolean enabled) {
        this.tlsAlpnChallenge = enabled;
        return this;
    }

    /**
     * Sets the key type, key reuse and must-staple. Default: EC P-256, a new key per certificate, no must-staple.
     *
     * @param policy the policy
     * @return this builder
     */
    public CertificateManagerBuilder issuancePolicy(IssuancePolicy policy) {
        this.issuancePolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets when certificates are renewed. Default: ARI when the CA offers it, else when a third of the lifetime
     * remains, with a random jitter seed per process.
     *
     * @param policy the policy
     * @return this builder
     */
    public CertificateManagerBuilder renewalPolicy(RenewalPolicy policy) {
        this.renewalPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Sets how often certificates are checked for renewal and for renewals done by peers. Default 10 minutes.
     *
     * @param interval the interval; positive
     * @return this builder
     */
    public CertificateManagerBuilder renewalCheckInterval(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("renewalCheckInterval(...) must be positive, was " + interval);
        }
        this.renewalCheckInterval = interval;
        return this;
    }

    /**
     * Sets the name whose certificate is served to clients that send no SNI.
     *
     * @param name a host name, or {@code null} for none
     * @return this builder
     */
    public CertificateManagerBuilder defaultServerName(@Nullable String name) {
        this.defaultServerName = name;
        return this;
    }

    /**
     * Sets the clock of every time decision (renewal, retries, lock staleness). Default: the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public CertificateManagerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Bounds the number of cached certificates; certificates of managed names are never evicted. Default 0: no
     * bound.
     *
     * @param capacity the bound, or 0 for none
     * @return this builder
     */
    public CertificateManagerBuilder cacheCapacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cacheCapacity(...) must not be negative, was " + capacity);
        }
        this.cacheCapacity = capacity;
        return this;
    }

    /**
     * Bounds how many names are obtained or renewed at the same time by this instance. Default 10, as many as
     * Go CertMagic lets one ACME account start at once (its rate limiter allows 10 new orders per 10 s), so ten
     * configured names are obtained in one round rather than two.
     *
     * @param max the bound, at least 1
     * @return this builder
     */
    public CertificateManagerBuilder maxConcurrentIssuance(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentIssuance must be at least 1, was " + max);
        }
        this.maxConcurrentIssuance = max;
        return this;
    }

    /**
     * Sets the hook asked during a handshake when no cached certificate matches (on-demand TLS).
     *
     * @param handler the handler, or {@code null} for none
     * @return this builder
     */
    public CertificateManagerBuilder missingCertificateHandler(@Nullable MissingCertificateHandler handler) {
        this.missingCertificateHandler = handler;
        return this;
    }

    /**
     * Turns on on-demand TLS: a handshake for a name that has no certificate yet asks {@code policy}, and an
     * allowed name is served from storage or obtained while the handshake waits (up to the gate's handshake
     * timeout). Replaces any {@link #missingCertificateHandler(MissingCertificateHandler)}.
     *
     * @param policy which names may get certificates on demand; build it with {@link OnDemandPolicy#builder()},
     *     which refuses a policy that would allow any name
     * @param gateSettings adjusts the gate (handshake timeout, denial memory, in-flight bound); the issuer,
     *     executor, clock and listener are the manager's (verdicts reach {@link #listener listeners} as
     *     {@code OnDemandDecisionEvent}s)
     * @return this builder
     */
    public CertificateManagerBuilder onDemand(OnDemandPolicy policy, Consumer<OnDemandGate.Builder> gateSettings) {
        this.onDemandPolicy = Objects.requireNonNull(policy, "policy");
        this.onDemandSettings = Objects.requireNonNull(gateSettings, "gateSettings");
        this.missingCertificateHandler = null;
        return this;
    }

    /**
     * Adds a listener for certificate events. Listeners are called on the thread that did the work; a slow
     * listener slows that work, a throwing one is logged and ignored.
     *
     * @param listener the listener
     * @return this builder
     */
    public CertificateManagerBuilder listener(CertificateEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Sets whether certificates that name an OCSP responder get a validated, persisted OCSP response, refreshed
     * at half its validity, and whether a {@code revoked} response forces a replacement. Certificates that name
     * no responder cause no OCSP traffic either way. Default {@code true}.
     *
     * @param enabled whether OCSP is used
     * @return this builder
     */
    public CertificateManagerBuilder ocspEnabled(boolean enabled) {
        this.ocspEnabled = enabled;
        return this;
    }

    /**
     * Sets responder overrides, a default responder and the tolerated clock skew, and enables OCSP.
     *
     * @param options the options; {@link OcspOptions#DEFAULTS} by default
     * @return this builder
     */
    public CertificateManagerBuilder ocsp(OcspOptions options) {
        this.ocspOptions = Objects.requireNonNull(options, "options");
        this.ocspEnabled = true;
        return this;
    }

    /**
     * Sets how often all staples are checked; a response is fetched again only when half its validity has
     * passed, so a short interval costs no responder traffic. Default 1 hour.
     *
     * @param interval the interval; positive
     * @return this builder
     */
    public CertificateManagerBuilder ocspCheckInterval(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("ocspCheckInterval(...) must be positive, was " + interval);
        }
        this.ocspCheckInterval = interval;
        return this;
    }

    /**
     * Sets whether JSSE staples the manager's validated OCSP responses in handshakes.
     * Default {@code false}.
     *
     * <p><strong>This changes the whole JVM.</strong> JSSE has no API that accepts a response from the
     * application, so when {@link CertificateManager#sslContext()} is first called the manager starts a loopback
     * HTTP endpoint and sets the system properties {@code jdk.tls.server.enableStatusRequestExtension=true},
     * {@code jdk.tls.stapling.responderOverride=true} and {@code jdk.tls.stapling.responderURI=<endpoint>}. Every
     * JSSE server context created in this JVM while the manager runs staples from that endpoint (certificates the
     * manager does not know get no staple); {@link CertificateManager#close()} puts the three properties back as
     * they were. JSSE caches a response for {@code jdk.tls.stapling.cacheLifetime} (3600 s by
     * default), so a refreshed staple reaches the wire within that time. Use it only with the manager's own
     * {@code sslContext()}, and only one stapling manager per JVM.
     *
     * @param enabled whether to staple
     * @return this builder
     */
    public CertificateManagerBuilder ocspStapling(boolean enabled) {
        this.ocspStapling = enabled;
        return this;
    }

    /**
     * Sets how storage is cleaned (Go CertMagic's {@code CleanStorage}): every {@code interval}, one instance of
     * those sharing the storage removes certificates expired for longer than {@code keepExpired} (never one of a
     * managed name), stale OCSP staples, and retry and challenge records untouched that long. Defaults: 24 h, 24 h.
     *
     * @param interval the time between sweeps; {@link Duration#ZERO} turns cleaning off
     * @param keepExpired how long expired certificates and untouched records are kept; not negative
     * @return this builder
     */
    public CertificateManagerBuilder storageCleaning(Duration interval, Duration keepExpired) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("storageCleanInterval(...) must not be negative, was " + interval);
        }
        if (keepExpired.isNegative()) {
            throw new IllegalArgumentException("keepExpired(...) must not be negative, was " + keepExpired);
        }
        this.storageCleanInterval = interval;
        this.keepExpired = keepExpired;
        return this;
    }

    /**
     * Builds the manager. No thread is started and no file or network is touched.
     *
     * @return the manager
     * @throws IllegalStateException if the issuance policy asks for must-staple without stapling
     */
    public CertificateManager build() {
        return new CertificateManager(ManagerAssembly.assemble(this));
    }

    /**
     * Describes the settings that have no collaborator behind them, for logs and tests.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "CertificateManagerBuilder[issuancePolicy=" + issuancePolicy + ", renewalPolicy=" + renewalPolicy
                + ", renewalCheckInterval=" + renewalCheckInterval + ", cacheCapacity=" + cacheCapacity
                + ", maxConcurrentIssuance=" + maxConcurrentIssuance + ", ocspEnabled=" + ocspEnabled
                + ", ocspStapling=" + ocspStapling + ", storageCleanInterval=" + storageCleanInterval
                + ", keepExpired=" + keepExpired + ", issuers=" + issuers + ", issuerPolicy=" + issuerPolicy + "]";
    }

    CertificateCache newCache() {
        return cacheCapacity > 0 ? new CertificateCache(clock, cacheCapacity, CertificateCache.DEFAULT_RETIRED_GRACE)
                : new CertificateCache(clock);
    }
}
