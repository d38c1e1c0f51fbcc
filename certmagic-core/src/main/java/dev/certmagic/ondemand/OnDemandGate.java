package dev.certmagic.ondemand;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.tls.MissingCertificateHandler;

/**
 * On-demand TLS on the handshake path: asked by the SNI key manager when no cached certificate matches, it applies
 * the {@link OnDemandPolicy} and, for an allowed name, has the {@link OnDemandIssuer} load or obtain the certificate.
 *
 * <p>Built to survive a flood of handshakes for random names:
 * <ul>
 * <li>hostile names and allowlist misses are refused on the calling thread at once, without user code or I/O;</li>
 * <li>refused names (failed orders included, so a broken CA is not hammered) are remembered for
 * {@link Builder#denialTtl(Duration)} in a bounded LRU memory: a repeated name neither reaches the ask endpoint
 * again nor queues work;</li>
 * <li>concurrent handshakes for one name share one in-flight {@link CompletableFuture}: one decision, one order;</li>
 * <li>at most {@link Builder#maxInFlight(int)} names are decided or obtained at once; beyond that a handshake is
 * refused at once ({@link OnDemandVerdict#TOO_MANY_IN_FLIGHT});</li>
 * <li>the decision function, the ask request and the issuer run on the injected {@link Executor}, never on the
 * handshake thread, which waits at most {@link Builder#handshakeTimeout(Duration)} and then answers {@code null}
 * (the order carries on, so a retried handshake finds the certificate). The gate starts no threads: with a
 * bounded executor, thread count stays flat whatever the flood;</li>
 * <li>at most {@link Builder#maxWaiting(int)} handshake threads wait at once, at most
 * {@link Builder#maxWaitingPerName(int)} for one name; beyond either a handshake fails at once, so a flood of new
 * names cannot hold every server worker: names already served always find one.</li>
 * </ul>
 *
 * <p>Counters ({@link #allowedCount()}, {@link #deniedCount()}, ...) count verdicts as reported to the
 * {@link OnDemandListener}: one per decided name, plus one per handshake refused early (hostile name, allowlist
 * miss, remembered denial, too many in flight).
 */
public final class OnDemandGate implements MissingCertificateHandler {

    /** Default for how long a handshake waits for an on-demand certificate: less than clients wait for a reply. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    /** Default for how many handshake threads may wait for undecided names at once. */
    public static final int DEFAULT_MAX_WAITING = 32;

    /** Default for how many handshake threads may wait for one undecided name at once. */
    public static final int DEFAULT_MAX_WAITING_PER_NAME = 4;

    /** Default for how long a denied name is refused without asking again. */
    public static final Duration DEFAULT_DENIAL_TTL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandGate.class);

    private final OnDemandPolicy policy;

    private final OnDemandIssuer issuer;

    private final Executor executor;

    private final Clock clock;

    private final HandshakeWaiters waiters;

    private final OnDemandListener listener;

    private final DenialMemory denials;

    private final OrderBudget budget;

    private final InFlightOrders inFlight;

    private final LongAdder allowed = new LongAdder();

    private final LongAdder denied = new LongAdder();

    private final LongAdder ordersStarted = new LongAdder();

    private OnDemandGate(Builder builder) {
        this.policy = builder.policy;
        this.issuer = builder.issuer;
        this.executor = builder.executor;
        this.clock = builder.clock;
        this.waiters = new HandshakeWaiters(builder.maxWaiting, builder.maxWaitingPerName, builder.handshakeTimeout);
        this.listener = builder.listener;
        this.denials = new DenialMemory(builder.denialTtl, builder.denialCapacity);
        this.budget = policy.newBudget();
        this.inFlight = new InFlightOrders(builder.maxInFlight);
    }

    /**
     * Starts a gate.
     *
     * @param policy the rules; required
     * @param issuer loads or obtains certificates for allowed names; required
     * @param executor runs decisions, ask requests and orders; required, and should be bounded
     * @return a builder
     */
    public static Builder builder(OnDemandPolicy policy, OnDemandIssuer issuer, Executor executor) {
        return new Builder(policy, issuer, executor);
    }

    /**
     * Answers a handshake for a name the cache does not hold: a certificate if the name is allowed and its
     * certificate is ready within the handshake timeout, otherwise {@code null}. Never throws.
     *
     * @param name the SNI name (normalized by the key manager; normalized again here, which is idempotent)
     * @param keyType the key type of this handshake attempt; the issuer chooses the key type it obtains, and the
     *     key manager skips a certificate of another type
     * @return the certificate, or {@code null}
     */
    @Override
    public ManagedCertificate certificateFor(String name, KeyAlgorithm keyType) {
        try {
            return lookup(name);
        } catch (RuntimeException e) {
            LOG.debug("On-demand lookup failed", e);
            return null;
        }
    }

    private ManagedCertificate lookup(String rawName) {
        OnDemandVerdict quick = policy.quickCheck(rawName);
        if (quick != null && !quick.allowed()) {
            report(rawName, quick);
            return null;
        }
        String name = HostNames.normalize(rawName);
        OnDemandVerdict remembered = denials.recall(name, clock.instant());
        if (remembered != null) {
            report(name, remembered);
            return null;
        }
        CompletableFuture<ManagedCertificate> order = inFlight.join(name, mine -> start(name, quick, mine));
        if (order == null) {
            report(name, OnDemandVerdict.TOO_MANY_IN_FLIGHT);
            return null;
        }
        return waiters.await(name, order);
    }

    private void start(String name, OnDemandVerdict quick, CompletableFuture<ManagedCertificate> order) {
        try {
            executor.execute(() -> decideAndObtain(name, quick, order));
        } catch (RejectedExecutionException e) {
            report(name, OnDemandVerdict.TOO_MANY_IN_FLIGHT);
            inFlight.finish(name, order, null);
        }
    }

    private void decideAndObtain(String name, OnDemandVerdict quick, CompletableFuture<ManagedCertificate> order) {
        ManagedCertificate certificate = null;
        OnDemandVerdict verdict = OnDemandVerdict.ISSUANCE_FAILED;
        try {
            verdict = quick != null ? quick : policy.slowCheck(name);
            if (verdict.allowed()) {
                certificate = issuer.loadOrObtain(name, new BudgetPermit(budget, clock, ordersStarted));
                verdict = certificate == null ? OnDemandVerdict.ISSUANCE_FAILED : OnDemandVerdict.ALLOWED;
            }
        } catch (OnDemandDeniedException e) {
            verdict = e.verdict();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            verdict = OnDemandVerdict.ISSUANCE_FAILED;
        } catch (Exception | LinkageError e) {
            // Only the exception type and message: an issuer's message names the CA's problem, never a key.
            LOG.warn("On-demand certificate for {} could not be loaded or obtained: {}", name, e.toString());
            verdict = OnDemandVerdict.ISSUANCE_FAILED;
        } finally {
            if (!verdict.allowed()) {
                certificate = null;
                // Remembered before the in-flight entry goes, so no handshake slips in between and starts over.
                denials.remember(name, verdict, clock.instant());
            }
            report(name, verdict);
            inFlight.finish(name, order, certificate);
        }
    }

    private void report(String name, OnDemandVerdict verdict) {
        (verdict.allowed() ? allowed : denied).increment();
        if (listener != null) {
            try {
                listener.onVerdict(name, verdict);
            } catch (RuntimeException e) {
                LOG.debug("On-demand listener failed", e);
            }
        }
    }

    /**
     * Returns how many verdicts allowed a name (and its certificate was then served).
     *
     * @return the count since the gate was built
     */
    public long allowedCount() {
        return allowed.sum();
    }

    /**
     * Returns how many verdicts refused a name, for any reason.
     *
     * @return the count since the gate was built
     */
    public long deniedCount() {
        return denied.sum();
    }

    /**
     * Returns how many orders were started at the CA (permits claimed), the figure {@code max-obtain} caps.
     *
     * @return the count since the gate was built
     */
    public long ordersStarted() {
        return ordersStarted.sum();
    }

    /**
     * Returns how many handshakes gave up waiting for a certificate.
     *
     * @return the count since the gate was built
     */
    public long handshakeTimeouts() {
        return waiters.timeouts();
    }

    /**
     * Returns how many handshakes for an undecided name failed at once because {@code max-waiting} or
     * {@code max-waiting-per-name} handshakes were waiting already.
     *
     * @return the count since the gate was built
     */
    public long handshakesNotWaiting() {
        return waiters.refused();
    }

    /**
     * Returns how many handshake threads wait for an on-demand certificate right now.
     *
     * @return at most {@code max-waiting}
     */
    public int waitingHandshakes() {
        return waiters.waiting();
    }

    /**
     * Returns how many names are being decided or obtained right now.
     *
     * @return the number of in-flight names
     */
    public int inFlight() {
        return inFlight.count();
    }

    /**
     * Sets the timing and bounds of a gate.
     */
    public static final class Builder {

        private final OnDemandPolicy policy;

        private final OnDemandIssuer issuer;

        private final Executor executor;

        private Clock clock = Clock.systemUTC();

        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

        private Duration denialTtl = DEFAULT_DENIAL_TTL;

        private int denialCapacity = 10_000;

        private int maxInFlight = 64;

        private int maxWaiting = DEFAULT_MAX_WAITING;

        private int maxWaitingPerName = DEFAULT_MAX_WAITING_PER_NAME;

        private OnDemandListener listener;

        private Builder(OnDemandPolicy policy, OnDemandIssuer issuer, Executor executor) {
            this.policy = Objects.requireNonNull(policy, "policy");
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            this.executor = Objects.requireNonNull(executor, "executor");
        }

        /**
         * Sets the clock for denial expiry and the rate limit.
         *
         * @param clock the clock; the system UTC clock when not set
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long a handshake waits for an on-demand certificate before it fails cleanly.
         *
         * @param timeout positive; {@link #DEFAULT_HANDSHAKE_TIMEOUT} when not set
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Arguments.requirePositive(timeout, "handshakeTimeout(...)");
            return this;
        }

        /**
         * Sets how long a refused name is refused again without asking.
         *
         * @param ttl positive; {@link #DEFAULT_DENIAL_TTL} when not set
         * @return this builder
         */
        public Builder denialTtl(Duration ttl) {
            this.denialTtl = Arguments.requirePositive(ttl, "denial TTL");
            return this;
        }

        /**
         * Sets how many refused names are remembered at most (least recently used go first).
         *
         * @param capacity at least one; 10,000 when not set
         * @return this builder
         */
        public Builder denialCapacity(int capacity) {
            this.denialCapacity = Arguments.requireAtLeastOne(capacity, "denial capacity");
            return this;
        }

        /**
         * Sets how many names may be decided or obtained at once.
         *
         * @param max at least one; 64 when not set
         * @return this builder
         */
        public Builder maxInFlight(int max) {
            this.maxInFlight = Arguments.requireAtLeastOne(max, "max in-flight");
            return this;
        }

        /**
         * Sets how many handshake threads may wait for undecided names at once; beyond that a handshake for an
         * undecided name fails at once. Keep it well below the server's worker threads.
         *
         * @param max zero or more, zero meaning that no handshake waits (the first handshakes of a new name fail
         *     while its decision and order proceed); {@link #DEFAULT_MAX_WAITING} when not set
         * @return this builder
         */
        public Builder maxWaiting(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxWaiting(...) must not be negative, got " + max);
            }
            this.maxWaiting = max;
            return this;
        }

        /**
         * Sets how many handshake threads may wait for one undecided name at once.
         *
         * @param max at least one; {@link #DEFAULT_MAX_WAITING_PER_NAME} when not set
         * @return this builder
         */
        public Builder maxWaitingPerName(int max) {
            this.maxWaitingPerName = Arguments.requireAtLeastOne(max, "maxWaitingPerName(...)");
            return this;
        }

        /**
         * Sets the listener told about each verdict.
         *
         * @param listener the listener; {@code null} for none
         * @return this builder
         */
        public Builder listener(OnDemandListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Builds the gate. Nothing starts: the gate is passive until a handshake asks it.
         *
         * @return the gate
         */
        public OnDemandGate build() {
            return new OnDemandGate(this);
        }
    }
}
