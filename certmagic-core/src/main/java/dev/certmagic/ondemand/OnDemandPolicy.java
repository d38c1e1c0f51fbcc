package dev.certmagic.ondemand;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.HostNames;

/**
 * Which names may get a certificate during their first handshake, and how many orders may be placed: the rules of
 * on-demand TLS (CertMagic's {@code OnDemandConfig}). Immutable; the counting state lives in {@link OnDemandGate}.
 *
 * <p>Checks, in this order, each one final when it denies (fail closed):
 * <ol>
 * <li>the name must pass {@link HostNames#normalize} and {@link HostNames#qualifies}, and be neither a wildcard nor
 * an IP literal (SNI never legitimately carries either). Hostile names are refused before any user code or network
 * call;</li>
 * <li>if an {@link OnDemandDecision} is set, it alone decides (CertMagic: the decision function is the absolute
 * authority). Because of that it cannot be combined with an allowlist or an ask URL: the builder refuses the
 * combination instead of silently ignoring half of the configuration;</li>
 * <li>otherwise the name must match the allowlist, if one is set;</li>
 * <li>and then the ask endpoint must answer 2xx, if one is set. With both set, a name needs both (the allowlist
 * first, so a flood of foreign names never reaches the endpoint);</li>
 * <li>when an order is about to be placed at the CA: the lifetime cap {@link Builder#maxObtain(long)}, then the
 * rate limit {@link Builder#rateLimit(int, Duration)} (see {@link OrderPermit}).</li>
 * </ol>
 * A policy with none of decision, allowlist and ask cannot be built: anyone could then make the server order
 * certificates for any name pointed at it.
 */
public final class OnDemandPolicy {

    /** Default bound on one ask request, connection included. */
    public static final Duration DEFAULT_ASK_TIMEOUT = Duration.ofSeconds(5);

    private final OnDemandDecision decision;

    private final DomainAllowlist allowlist;

    private final AskEndpoint ask;

    private final long maxObtain;

    private final int rateLimitEvents;

    private final Duration rateLimitWindow;

    private OnDemandPolicy(Builder builder, DomainAllowlist allowlist, AskEndpoint ask) {
        this.decision = builder.decision;
        this.allowlist = allowlist;
        this.ask = ask;
        this.maxObtain = builder.maxObtain;
        this.rateLimitEvents = builder.rateLimitEvents;
        this.rateLimitWindow = builder.rateLimitWindow;
    }

    /**
     * Starts a policy.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the name checks (hostile name, decision, allowlist, ask) for one name. Blocks for the ask request when an
     * ask URL is set: call it off the handshake thread, as {@link OnDemandGate} does.
     *
     * @param name a host name, possibly raw from SNI
     * @return {@link OnDemandVerdict#ALLOWED} or the first denying verdict
     */
    public OnDemandVerdict check(String name) {
        OnDemandVerdict quick = quickCheck(name);
        return quick != null ? quick : slowCheck(HostNames.normalize(name));
    }

    /**
     * The checks that cost nothing (host name, allowlist without decision): safe on a handshake thread.
     *
     * @return a final verdict, or {@code null} when the decision or the ask endpoint still has to be consulted
     */
    @Nullable OnDemandVerdict quickCheck(@Nullable String rawName) {
        String name = HostNames.normalize(rawName);
        if (name == null || !HostNames.qualifies(name) || name.indexOf('*') >= 0 || HostNames.isIpAddress(name)) {
            return OnDemandVerdict.DENIED_HOSTILE_NAME;
        }
        if (decision != null) {
            return null;
        }
        if (allowlist != null && !allowlist.allows(name)) {
            return OnDemandVerdict.NOT_IN_ALLOWLIST;
        }
        return ask == null ? OnDemandVerdict.ALLOWED : null;
    }

    /**
     * The checks that may block: the decision function or the ask request, for a name {@link #quickCheck} passed.
     */
    OnDemandVerdict slowCheck(String name) {
        if (decision != null) {
            try {
                return decision.allow(name) ? OnDemandVerdict.ALLOWED : OnDemandVerdict.DENIED_BY_DECISION;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return OnDemandVerdict.DENIED_BY_DECISION;
            } catch (Exception | LinkageError e) {
                return OnDemandVerdict.DENIED_BY_DECISION;
            }
        }
        return ask == null ? OnDemandVerdict.ALLOWED : ask.ask(name);
    }

    /**
     * Returns the lifetime cap on on-demand orders.
     *
     * @return the cap; {@link Long#MAX_VALUE} when unlimited
     */
    public long maxObtain() {
        return maxObtain;
    }

    /**
     * Returns how many orders the rate limit lets start within {@link #rateLimitWindow()}.
     *
     * @return the number of orders, meaningful only when a window is set
     */
    public int rateLimitEvents() {
        return rateLimitEvents;
    }

    /**
     * Returns the sliding window of the rate limit.
     *
     * @return the window, or {@code null} when orders are not rate limited
     */
    public @Nullable Duration rateLimitWindow() {
        return rateLimitWindow;
    }

    /**
     * Returns the ask endpoint, for diagnostics.
     *
     * @return the configured URL without the {@code domain} parameter, or {@code null}
     */
    public @Nullable URI askUri() {
        return ask == null ? null : ask.uri();
    }

    /**
     * Tells whether the allowlist admits a name, without the decision function or the ask endpoint: a cheap check
     * for callers that must not block (a cluster peer's challenge for such a name is looked up in storage).
     *
     * @param normalizedName a normalized host name
     * @return {@code true} only when an allowlist is set and matches the name
     */
    public boolean allowlisted(String normalizedName) {
        return allowlist != null && allowlist.allows(normalizedName);
    }

    OrderBudget newBudget() {
        return new OrderBudget(maxObtain, rateLimitEvents, rateLimitWindow);
    }

    /**
     * Collects the sources of permission and the order limits of a policy.
     */
    public static final class Builder {

        private OnDemandDecision decision;

        private List<String> allowedDomains;

        private URI askUri;

        private Duration askTimeout = DEFAULT_ASK_TIMEOUT;

        private HttpClient askClient;

        private long maxObtain = Long.MAX_VALUE;

        private int rateLimitEvents;

        private Duration rateLimitWindow;

        private Builder() {
        }

        /**
         * Sets the application's decision function, the authority on which names are allowed.
         *
         * @param decision the decision; {@code null} for none
         * @return this builder
         */
        public Builder decision(@Nullable OnDemandDecision decision) {
            this.decision = decision;
            return this;
        }

        /**
         * Sets the allowlist: exact names and one-label {@code *.example.com} patterns.
         *
         * @param domains the entries; {@code null} or empty for none
         * @return this builder
         */
        public Builder allowedDomains(@Nullable Collection<String> domains) {
            this.allowedDomains = domains == null ? null : List.copyOf(domains);
            return this;
        }

        /**
         * Sets the ask endpoint, asked {@code GET <url>?domain=<name>} for each new name.
         *
         * @param uri an absolute http(s) URL; {@code null} for none
         * @return this builder
         */
        public Builder ask(@Nullable URI uri) {
            this.askUri = uri;
            return this;
        }

        /**
         * Bounds one ask request: the connection and the wait for the response status each get this long.
         *
         * @param timeout a positive duration; {@link #DEFAULT_ASK_TIMEOUT} when not set
         * @return this builder
         */
        public Builder askTimeout(Duration timeout) {
            this.askTimeout = Arguments.requirePositive(timeout, "askTimeout");
            return this;
        }

        /**
         * Supplies the HTTP client for the ask request, for example one with the application's proxy or trust
         * settings. It must not follow redirects; the default client is built with {@code Redirect.NEVER}.
         *
         * @param client the client; {@code null} for the default
         * @return this builder
         */
        public Builder askClient(@Nullable HttpClient client) {
            this.askClient = client;
            return this;
        }

        /**
         * Caps how many certificates may be ordered on demand over the process lifetime.
         *
         * @param max zero or more; unlimited when not set
         * @return this builder
         */
        public Builder maxObtain(long max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxObtain(...) must not be negative");
            }
            this.maxObtain = max;
            return this;
        }

        /**
         * Limits on-demand orders to at most {@code events} within any window of length {@code per}.
         *
         * @param events the number of orders, at least one
         * @param per the window, positive
         * @return this builder
         */
        public Builder rateLimit(int events, Duration per) {
            if (events < 1) {
                throw new IllegalArgumentException("rateLimit(...) needs at least 1 event");
            }
            this.rateLimitWindow = Arguments.requirePositive(per, "rate limit window");
            this.rateLimitEvents = events;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalStateException when no source of permission is configured, or a decision is combined with
         *     an allowlist or ask URL
         * @throws IllegalArgumentException when an allowlist entry or the ask URL is malformed
         */
        public OnDemandPolicy build() {
            boolean hasAllowlist = allowedDomains != null && !allowedDomains.isEmpty();
            if (decision == null && !hasAllowlist && askUri == null) {
                throw new IllegalStateException(OnDemandMessages.NO_PERMISSION_SOURCE);
            }
            if (decision != null && (hasAllowlist || askUri != null)) {
                throw new IllegalStateException(OnDemandMessages.DECISION_COMBINED);
            }
            DomainAllowlist allowlist = hasAllowlist ? DomainAllowlist.of(allowedDomains) : null;
            AskEndpoint ask = null;
            if (askUri != null) {
                HttpClient client = askClient != null ? askClient : AskEndpoint.defaultClient(askTimeout);
                ask = new AskEndpoint(AskEndpoint.requireHttpUri(askUri), askTimeout, client);
            }
            return new OnDemandPolicy(this, allowlist, ask);
        }
    }
}
