package dev.certmagic.ondemand;

/**
 * Texts of the configuration errors, kept together so that callers' failure analysis and the tests read the same
 * words. They name builder methods as {@code method(...)}, the form an integration translates into its own setting
 * names.
 */
final class OnDemandMessages {

    static final String NO_PERMISSION_SOURCE = "On-demand TLS is enabled but nothing limits which names may get a "
            + "certificate. Without a limit, anyone who points a DNS name at this server can make it order "
            + "certificates for that name: that burns the CA's rate limits for your account, fills storage and can "
            + "get the account blocked. Allow names in at least one of three ways: list them with "
            + "allowedDomains(...) (exact names or *.example.com patterns), point ask(...) at an HTTP endpoint that "
            + "answers 2xx to GET <url>?domain=<name> for names you serve, or decide in code with decision(...) (an "
            + "implementation of dev.certmagic.ondemand.OnDemandDecision).";

    static final String DECISION_COMBINED = "An OnDemandDecision set with decision(...) is the sole authority on "
            + "which names may get an on-demand certificate, so it cannot be combined with allowedDomains(...) or ask(...) "
            + "(one of them would be silently ignored). Drop those settings, or consult the list or the endpoint "
            + "from inside your OnDemandDecision.";

    private OnDemandMessages() {
    }
}
