package dev.certmagic.ondemand;

/**
 * The application's own answer to "may this server obtain a certificate for this name right now?" (CertMagic's
 * {@code DecisionFunc}). Typically it looks the name up among the customers' domains.
 *
 * <p>When configured it is authoritative: the allowlist and the ask endpoint cannot be combined with it (see
 * {@link OnDemandPolicy}). It runs on the on-demand executor, never on a handshake thread, but a handshake waits for
 * it, so it should answer within the handshake timeout.
 */
@FunctionalInterface
public interface OnDemandDecision {

    /**
     * Decides whether a certificate may be obtained for a name.
     *
     * @param name a normalized host name that already passed the host-name checks (never a wildcard or IP)
     * @return {@code true} to allow
     * @throws Exception on any failure; a throwing decision counts as a denial (fail closed)
     */
    boolean allow(String name) throws Exception;
}
