package dev.certmagic.ondemand;

/**
 * Told about each on-demand verdict, so the certificate manager can turn them into events and metrics. Called
 * synchronously on the thread that reached the verdict (a handshake thread or the on-demand executor): return
 * quickly and do not throw (a throwing listener is ignored).
 */
@FunctionalInterface
public interface OnDemandListener {

    /**
     * Reports one verdict.
     *
     * @param name the name as received (untrusted for {@link OnDemandVerdict#DENIED_HOSTILE_NAME}: do not use it as
     *     a metric tag)
     * @param verdict the outcome
     */
    void onVerdict(String name, OnDemandVerdict verdict);
}
