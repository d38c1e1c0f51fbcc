package dev.certmagic.acme;

import java.net.URI;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Settings of an {@link AcmeIssuer}. Nothing happens until {@link #build(Storage, Clock)}, and even then no
 * network call is made until the first certificate is requested. {@code build} copies the settings: the issuer
 * never sees later changes to this builder, and building twice gives two issuers with equal settings.
 */
public final class AcmeIssuerBuilder {

    /**
     * Default cap on the body of one answer from the CA: 2 MiB. A certificate chain is a few KiB, an order with
     * a hundred names some tens of KiB; no honest answer comes near it.
     */
    public static final long DEFAULT_MAX_RESPONSE_SIZE = 2L * 1024 * 1024;

    /** Without {@link #responseTimeout(Duration)}, one request may take this many network timeouts in all. */
    public static final int RESPONSE_TIMEOUT_FACTOR = 3;

    final URI directory;
    final List<X509Certificate> trustedRoots = new ArrayList<>();
    final List<ChallengeSolver> solvers = new ArrayList<>();
    String email;
    boolean agreed;
    String eabKeyId;
    String eabHmacKey;
    String preferredChain;
    String profile;
    KeyType keyType;
    Duration pollInterval = Duration.ofMillis(100);
    Duration maxPollInterval = Duration.ofSeconds(2);
    Duration orderTimeout = Duration.ofSeconds(90);
    Duration networkTimeout = Duration.ofSeconds(10);
    /** {@code null}: {@link #RESPONSE_TIMEOUT_FACTOR} times the network timeout. */
    Duration responseTimeout;
    long maxResponseSize = DEFAULT_MAX_RESPONSE_SIZE;
    int maxConcurrentOrders = 10;
    String userAgent;
    KeyPair accountKey;

    AcmeIssuerBuilder(URI directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
        if (!"https".equals(directory.getScheme())) {
            throw new IllegalArgumentException("An ACME directory URL must use https: " + directory);
        }
    }

    /**
     * Returns the key under which the issuer this builder makes keeps its data in storage (see
     * {@link StorageKeys#issuerKey}), known before it is built.
     *
     * @return the issuer key of the directory URL
     */
    public String issuerKey() {
        return StorageKeys.issuerKey(directory);
    }

    /**
     * Adds root certificates to trust for the CA's own HTTPS endpoint, beyond the JDK's defaults (a private CA,
     * or a test CA).
     *
     * @param roots the roots
     * @return this builder
     */
    public AcmeIssuerBuilder trustedRoots(List<X509Certificate> roots) {
        trustedRoots.addAll(roots);
        return this;
    }

    /**
     * Sets the account's contact email; one account is kept per CA and email.
     *
     * @param email the email, or {@code null} for an account without contact
     * @return this builder
     */
    public AcmeIssuerBuilder email(@Nullable String email) {
        this.email = email;
        return this;
    }

    /**
     * Records that the user agreed to the CA's terms of service. Without it no account
     * is registered.
     *
     * @param agreed whether the user agreed
     * @return this builder
     */
    public AcmeIssuerBuilder agreed(boolean agreed) {
        this.agreed = agreed;
        return this;
    }

    /**
     * Sets External Account Binding credentials, as CAs such as ZeroSSL require.
     *
     * @param keyId the EAB key identifier
     * @param hmacKeyBase64Url the EAB HMAC key, base64url-encoded (never logged)
     * @return this builder
     */
    public AcmeIssuerBuilder externalAccountBinding(String keyId, String hmacKeyBase64Url) {
        AcmeIssuer.requireNonBlank(keyId, "EAB key id");
        AcmeIssuer.requireNonBlank(hmacKeyBase64Url, "EAB HMAC key");
        this.eabKeyId = keyId;
        this.eabHmacKey = hmacKeyBase64Url;
        return this;
    }

    /**
     * Prefers the alternate chain whose issuer (some certificate's subject common name) is {@code issuerName}, if
     * the CA offers one; otherwise the default chain is used.
     *
     * @param issuerName e.g. {@code ISRG Root X1}
     * @return this builder
     */
    public AcmeIssuerBuilder preferredChain(String issuerName) {
        this.preferredChain = issuerName;
        return this;
    }

    /**
     * Sets the key type of this CA's certificates, overriding the manager's {@code IssuancePolicy} for them: in an
     * issuer chain, each CA may take another key. Default: the manager's.
     *
     * @param keyType the key type
     * @return this builder
     */
    public AcmeIssuerBuilder keyType(KeyType keyType) {
        this.keyType = Objects.requireNonNull(keyType, "keyType");
        return this;
    }

    /**
     * Requests an ACME profile (draft-aaron-acme-profiles) for every order.
     *
     * @param profile the profile name, e.g. {@code shortlived}
     * @return this builder
     */
    public AcmeIssuerBuilder profile(String profile) {
        this.profile = profile;
        return this;
    }

    /**
     * Adds a challenge solver; solvers are tried in the order added. Leave a type out to disable it.
     *
     * @param solver the solver
     * @return this builder
     */
    public AcmeIssuerBuilder solver(ChallengeSolver solver) {
        solvers.add(Objects.requireNonNull(solver, "solver"));
        return this;
    }

    /**
     * Sets the first polling interval for authorizations and orders (default 100 ms); each next one is half as
     * long again, up to 2 s. A CA's {@code Retry-After} always wins.
     *
     * @param interval the first interval
     * @return this builder
     */
    public AcmeIssuerBuilder pollInterval(Duration interval) {
        this.pollInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /**
     * Sets how long to wait for an authorization or order to complete.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public AcmeIssuerBuilder orderTimeout(Duration timeout) {
        this.orderTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Sets the network timeout of each request to the CA: how long to wait for the connection and for the
     * answer's status and headers. Default 10 s. The whole request, body included, is bounded by
     * {@link #responseTimeout(Duration)}.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public AcmeIssuerBuilder networkTimeout(Duration timeout) {
        this.networkTimeout = positive(timeout, "networkTimeout");
        return this;
    }

    /**
     * Sets the deadline of each request to the CA as a whole: connecting, sending, and reading the status, the
     * headers and the entire body. A CA that answers too slowly to finish in time (a body that trickles in) fails
     * the request with a retryable error instead of holding an issuance thread. Default: three times the
     * {@link #networkTimeout(Duration) network timeout} (30 s).
     *
     * @param timeout the deadline of one request
     * @return this builder
     */
    public AcmeIssuerBuilder responseTimeout(Duration timeout) {
        this.responseTimeout = positive(timeout, "responseTimeout");
        return this;
    }

    /**
     * Sets the largest body accepted in one answer from the CA (after decompression); a larger one fails the
     * request with a retryable error as soon as the cap is passed, so a hostile or broken CA cannot exhaust
     * memory. Default {@link #DEFAULT_MAX_RESPONSE_SIZE} (2 MiB).
     *
     * @param bytes the cap in bytes, at least 1 KiB
     * @return this builder
     */
    public AcmeIssuerBuilder maxResponseSize(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("maxResponseSize(...) must be at least 1024 bytes, was " + bytes);
        }
        this.maxResponseSize = bytes;
        return this;
    }

    /**
     * Sets how many orders this issuer runs at once; more requests wait. Default 10 (Go CertMagic lets an account
     * start 10 orders per 10 s). Each concurrent order gets an ACME session of its own (an HTTP client and its
     * connection), made when first needed and kept for later orders.
     *
     * @param max at least 1
     * @return this builder
     */
    public AcmeIssuerBuilder maxConcurrentOrders(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrentOrders(...) must be at least 1");
        }
        this.maxConcurrentOrders = max;
        return this;
    }

    /**
     * Adds the operator's token to the {@code User-Agent} of every request to the CA, in front of this project's
     * own {@code certmagic-spring-boot/<version>} and acme4j's token (as Go CertMagic's {@code UserAgent}). CAs
     * read it to tell who runs a client; naming your service and a contact there helps them reach you.
     *
     * @param token printable ASCII, e.g. {@code my-shop/2.1 (+https://shop.example/contact)}; {@code null} for
     *     none
     * @return this builder
     */
    public AcmeIssuerBuilder userAgent(@Nullable String token) {
        this.userAgent = token == null ? null : UserAgent.checkToken(token);
        return this;
    }

    /**
     * Uses this key for the ACME account instead of generating one (Go CertMagic's {@code AccountKeyPEM}): an
     * account bound by external account binding, or one made by another client, keeps working. The account is
     * registered with this key (a CA that already knows the key answers with the existing account) and stored as
     * usual. If storage already holds an account of this CA and e-mail under a different key, no certificate is
     * ordered until the operator resolves it (see the error); the stored account is never overwritten.
     *
     * @param privateKey an RSA (2048 bits or more) or EC (P-256 or P-384) private key; {@code null} to generate
     * @return this builder
     */
    public AcmeIssuerBuilder accountKey(@Nullable PrivateKey privateKey) {
        this.accountKey = privateKey == null ? null : AccountKeys.keyPair(privateKey);
        return this;
    }

    /**
     * Builds the issuer.
     *
     * @param storage where accounts are kept
     * @param clock the source of "now"
     * @return the issuer
     */
    public AcmeIssuer build(Storage storage, Clock clock) {
        if (solvers.isEmpty()) {
            throw new IllegalStateException("At least one challenge solver(...) is required");
        }
        return new AcmeIssuer(settings(), storage, clock);
    }

    private AcmeSettings settings() {
        return new AcmeSettings(directory, trustedRoots, solvers, email, agreed, eabKeyId, eabHmacKey,
                preferredChain, profile, pollInterval, maxPollInterval, orderTimeout, networkTimeout,
                responseTimeout != null ? responseTimeout : networkTimeout.multipliedBy(RESPONSE_TIMEOUT_FACTOR),
                maxResponseSize, maxConcurrentOrders, keyType, UserAgent.header(userAgent), accountKey);
    }

    /**
     * Describes the settings an issuer built now would get, for logs and tests. Secrets (the EAB HMAC key, the
     * account key) are never part of it.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return settings().toString();
    }

    /**
     * Copies this builder, so that a caller can add settings (such as solvers) without changing the original.
     *
     * @return a new builder with the same settings
     */
    public AcmeIssuerBuilder copy() {
        AcmeIssuerBuilder copy = new AcmeIssuerBuilder(directory);
        copy.trustedRoots.addAll(trustedRoots);
        copy.solvers.addAll(solvers);
        copy.email = email;
        copy.agreed = agreed;
        copy.eabKeyId = eabKeyId;
        copy.eabHmacKey = eabHmacKey;
        copy.preferredChain = preferredChain;
        copy.profile = profile;
        copy.keyType = keyType;
        copy.pollInterval = pollInterval;
        copy.maxPollInterval = maxPollInterval;
        copy.orderTimeout = orderTimeout;
        copy.networkTimeout = networkTimeout;
        copy.responseTimeout = responseTimeout;
        copy.maxResponseSize = maxResponseSize;
        copy.maxConcurrentOrders = maxConcurrentOrders;
        copy.userAgent = userAgent;
        copy.accountKey = accountKey;
        return copy;
    }

    private static Duration positive(Duration duration, String setting) {
        Objects.requireNonNull(duration, setting);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(setting + "(...) must be positive, was " + duration);
        }
        return duration;
    }
}
