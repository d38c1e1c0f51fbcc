package dev.certmagic.ondemand;

/**
 * Texts of the configuration errors, kept together so that the Spring layer's failure analysis and the tests read
 * the same words.
 */
final class OnDemandMessages {

    static final String NO_PERMISSION_SOURCE = "On-demand TLS is enabled but nothing limits which names may get a "
            + "certificate. Without a limit, anyone who points a DNS name at this server can make it order "
            + "certificates for that name: that burns the CA's rate limits for your account, fills storage and can "
            + "get the account blocked. Allow names in at least one of three ways: list them in "
            + "certmagic.on-demand.allowed-domains (exact names or *.example.com patterns), set "
            + "certmagic.on-demand.ask to an HTTP endpoint that answers 2xx to GET <url>?domain=<name> for names you "
            + "serve, or define a bean implementing dev.certmagic.ondemand.OnDemandDecision.";

    static final String DECISION_COMBINED = "An OnDemandDecision bean is the sole authority on which names may get "
            + "an on-demand certificate, so it cannot be combined with certmagic.on-demand.allowed-domains or "
            + "certmagic.on-demand.ask (one of them would be silently ignored). Remove those properties, or consult "
            + "the list or the endpoint from inside your OnDemandDecision.";

    private OnDemandMessages() {
    }
}
