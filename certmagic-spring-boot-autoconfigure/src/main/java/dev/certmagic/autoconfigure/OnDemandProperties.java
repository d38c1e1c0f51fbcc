package dev.certmagic.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * On-demand TLS ({@code certmagic.on-demand.*}): a name unknown at startup gets its certificate during its first
 * handshake. Off unless enabled, and refused at startup unless something limits the names (allowlist, ask endpoint
 * or OnDemandDecision bean).
 */
public class OnDemandProperties {

    /**
     * Whether handshakes for names without a certificate may obtain one on demand.
     */
    private boolean enabled;

    /**
     * Names that may get a certificate on demand: exact names or one-label patterns such as "*.example.com".
     */
    private List<String> allowedDomains = new ArrayList<>();

    /**
     * URL asked "GET <url>?domain=<name>" before a certificate is obtained on demand; 2xx allows, anything
     * else (redirects and timeouts included) denies.
     */
    private @Nullable URI ask;

    /**
     * Bound on one request to the ask endpoint, connection included.
     */
    private Duration askTimeout = Duration.ofSeconds(5);

    /**
     * Most certificates this instance may obtain on demand over its lifetime; unlimited when not set.
     */
    private @Nullable Long maxObtain;

    /**
     * How long a handshake waits for its on-demand certificate before it fails; the order carries on. Shorter than
     * clients wait for a server's reply, so they see a clean failure rather than their own timeout.
     */
    private Duration handshakeTimeout = Duration.ofSeconds(5);

    /**
     * Most handshake threads waiting for undecided names at once; further handshakes for undecided names fail at
     * once. Keep it well below the server's worker threads (server.tomcat.threads.max, server.jetty.threads.max),
     * so that names already served always find a worker. 0: no handshake waits, the first handshakes of a new name
     * fail until its certificate is ready.
     */
    private int maxWaiting = 32;

    /**
     * Most handshake threads waiting for one undecided name at once; further handshakes for it fail at once.
     */
    private int maxWaitingPerName = 4;

    /**
     * How long a refused name is refused again without asking the decision or the ask endpoint.
     */
    private Duration denialTtl = Duration.ofMinutes(1);

    /**
     * Most names decided or obtained at once; further new names are refused until one settles.
     */
    private int maxInFlight = 64;

    private final RateLimit rateLimit = new RateLimit();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getAllowedDomains() {
        return allowedDomains;
    }

    public void setAllowedDomains(List<String> allowedDomains) {
        this.allowedDomains = allowedDomains;
    }

    public @Nullable URI getAsk() {
        return ask;
    }

    public void setAsk(@Nullable URI ask) {
        this.ask = ask;
    }

    public Duration getAskTimeout() {
        return askTimeout;
    }

    public void setAskTimeout(Duration askTimeout) {
        this.askTimeout = askTimeout;
    }

    public @Nullable Long getMaxObtain() {
        return maxObtain;
    }

    public void setMaxObtain(@Nullable Long maxObtain) {
        this.maxObtain = maxObtain;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getDenialTtl() {
        return denialTtl;
    }

    public void setDenialTtl(Duration denialTtl) {
        this.denialTtl = denialTtl;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxWaiting() {
        return maxWaiting;
    }

    public void setMaxWaiting(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    public int getMaxWaitingPerName() {
        return maxWaitingPerName;
    }

    public void setMaxWaitingPerName(int maxWaitingPerName) {
        this.maxWaitingPerName = maxWaitingPerName;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    /**
     * Rate limit on on-demand orders: at most {@code events} orders within any {@code window}. Off unless both are
     * set.
     */
    public static class RateLimit {

        /**
         * Most on-demand orders within one window.
         */
        private @Nullable Integer events;

        /**
         * Length of the sliding window the rate limit counts orders in.
         */
        private @Nullable Duration window;

        public @Nullable Integer getEvents() {
            return events;
        }

        public void setEvents(@Nullable Integer events) {
            this.events = events;
        }

        public @Nullable Duration getWindow() {
            return window;
        }

        public void setWindow(@Nullable Duration window) {
            this.window = window;
        }
    }
}
