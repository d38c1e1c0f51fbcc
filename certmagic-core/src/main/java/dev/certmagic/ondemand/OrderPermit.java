package dev.certmagic.ondemand;

/**
 * Handed to {@link OnDemandIssuer#loadOrObtain} so that only a real order at the CA spends the {@code max-obtain}
 * budget and the rate limit: a certificate found in storage (issued before a restart, or by a peer) costs nothing.
 */
@FunctionalInterface
public interface OrderPermit {

    /**
     * Claims one on-demand order. Call it right before asking the CA; calling it again for the same request is a
     * no-op, so retries inside one request do not spend the budget twice.
     *
     * @throws OnDemandDeniedException with {@link OnDemandVerdict#MAX_OBTAIN_REACHED} or
     *     {@link OnDemandVerdict#RATE_LIMITED} when the order must not start
     */
    void acquire() throws OnDemandDeniedException;
}
