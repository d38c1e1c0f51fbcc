package dev.certmagic.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.CertificateManagerBuilder;
import dev.certmagic.ondemand.OnDemandDecision;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.ondemand.OnDemandPolicy;
import dev.certmagic.tls.MissingCertificateHandler;

/**
 * Maps {@code certmagic.on-demand.*} and the application's {@link OnDemandDecision} bean onto the core's
 * {@link OnDemandPolicy} and {@link OnDemandGate} settings. The core decides what a safe policy is (it refuses one
 * that would allow any name, and a decision combined with an allowlist or ask URL); this class only turns its
 * refusals into {@link CertMagicConfigurationException}s, so they reach {@link CertMagicFailureAnalyzer}'s report
 * with the core's own explanation, and checks the numbers the core would reject with a less helpful message.
 */
final class OnDemandSettings {

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandSettings.class);

    private static final String PREFIX = "certmagic.on-demand.";

    private OnDemandSettings() {
    }

    /**
     * Turns on-demand TLS on in {@code builder} when {@code certmagic.on-demand.enabled=true}.
     *
     * @param properties the {@code certmagic.on-demand} properties
     * @param decision the application's decision bean, or {@code null}
     * @param missingCertificateHandler the application's handler bean, or {@code null}
     * @throws CertMagicConfigurationException when the settings cannot give a safe policy
     */
    static void apply(OnDemandProperties properties, @Nullable OnDemandDecision decision,
            @Nullable MissingCertificateHandler missingCertificateHandler, CertificateManagerBuilder builder) {
        if (!properties.isEnabled()) {
            if (decision != null) {
                LOG.warn("certmagic: an OnDemandDecision bean is defined but certmagic.on-demand.enabled is not true, "
                        + "so on-demand TLS stays off. Set certmagic.on-demand.enabled=true to use it.");
            }
            return;
        }
        if (missingCertificateHandler != null) {
            // The core would silently replace the handler; two answers to one question deserve a startup error.
            throw new CertMagicConfigurationException(
                    "certmagic.on-demand.enabled=true and a MissingCertificateHandler bean both answer handshakes "
                            + "for names without a certificate; only one of them can.",
                    "Remove the MissingCertificateHandler bean (declare an OnDemandDecision bean to decide which "
                            + "names get certificates), or set certmagic.on-demand.enabled=false to keep your "
                            + "handler.");
        }
        builder.onDemand(policy(properties, decision), gate(properties));
    }

    /**
     * Builds the policy: the decision bean, the allowlist, the ask URL and the order limits.
     */
    static OnDemandPolicy policy(OnDemandProperties properties, @Nullable OnDemandDecision decision) {
        OnDemandPolicy.Builder policy = OnDemandPolicy.builder().decision(decision)
                .allowedDomains(properties.getAllowedDomains()).ask(httpUri(properties.getAsk()))
                .askTimeout(positive(properties.getAskTimeout(), "ask-timeout"));
        if (properties.getMaxObtain() != null) {
            if (properties.getMaxObtain() < 0) {
                throw invalid("max-obtain", "must not be negative", "Set it to 0 or more, or remove it for no cap.");
            }
            policy.maxObtain(properties.getMaxObtain());
        }
        OnDemandProperties.RateLimit rateLimit = properties.getRateLimit();
        if ((rateLimit.getEvents() == null) != (rateLimit.getWindow() == null)) {
            throw new CertMagicConfigurationException(
                    "certmagic.on-demand.rate-limit needs both events and window; only one is set.",
                    "Set certmagic.on-demand.rate-limit.events and .window together (for example 10 orders per "
                            + "1m), or remove both for no rate limit.");
        }
        if (rateLimit.getEvents() != null) {
            if (rateLimit.getEvents() < 1) {
                throw invalid("rate-limit.events", "must be at least 1", "Set it to 1 or more.");
            }
            policy.rateLimit(rateLimit.getEvents(), positive(rateLimit.getWindow(), "rate-limit.window"));
        }
        try {
            return policy.build();
        } catch (IllegalStateException e) {
            // The core's texts explain the abuse risk and the ways out; only the action is Spring-specific.
            throw CertMagicSettingsValidator.coreRefusal(e, action(decision));
        } catch (IllegalArgumentException e) {
            throw CertMagicSettingsValidator.coreRefusal(e,
                    "Correct the property named above: allowed-domains takes host names or *.example.com patterns, "
                            + "ask takes an absolute http:// or https:// URL.");
        }
    }

    /**
     * The gate's timing and bounds.
     */
    static Consumer<OnDemandGate.Builder> gate(OnDemandProperties properties) {
        Duration handshakeTimeout = positive(properties.getHandshakeTimeout(), "handshake-timeout");
        Duration denialTtl = positive(properties.getDenialTtl(), "denial-ttl");
        int maxInFlight = properties.getMaxInFlight();
        if (maxInFlight < 1) {
            throw invalid("max-in-flight", "must be at least 1", "Set it to 1 or more (default 64).");
        }
        int maxWaiting = properties.getMaxWaiting();
        if (maxWaiting < 0) {
            throw invalid("max-waiting", "must not be negative", "Set it to 0 or more (default 32), well below "
                    + "the server's worker threads; 0 lets no handshake wait for an undecided name.");
        }
        int maxWaitingPerName = properties.getMaxWaitingPerName();
        if (maxWaitingPerName < 1) {
            throw invalid("max-waiting-per-name", "must be at least 1", "Set it to 1 or more (default 4); set "
                    + "certmagic.on-demand.max-waiting=0 to let no handshake wait.");
        }
        return gate -> gate.handshakeTimeout(handshakeTimeout).denialTtl(denialTtl).maxInFlight(maxInFlight)
                .maxWaiting(maxWaiting).maxWaitingPerName(maxWaitingPerName);
    }

    /**
     * Checked here rather than by the core because the core's message echoes the URL, and an ask URL may carry a
     * token or credentials.
     */
    private static @Nullable URI httpUri(@Nullable URI ask) {
        if (ask != null && (ask.getHost() == null
                || !"http".equalsIgnoreCase(ask.getScheme()) && !"https".equalsIgnoreCase(ask.getScheme()))) {
            throw invalid("ask", "must be an absolute http:// or https:// URL with a host",
                    "Set it to the URL of your endpoint, for example https://internal.example.com/allowed.");
        }
        return ask;
    }

    private static String action(@Nullable OnDemandDecision decision) {
        if (decision != null) {
            return "Remove certmagic.on-demand.allowed-domains and certmagic.on-demand.ask and let your "
                    + "OnDemandDecision bean consult them, or remove the bean.";
        }
        return "Set certmagic.on-demand.allowed-domains (for example *.customers.example.com), set "
                + "certmagic.on-demand.ask to an endpoint that knows your customers' names, or declare an "
                + "OnDemandDecision bean; or set certmagic.on-demand.enabled=false.";
    }

    private static Duration positive(@Nullable Duration value, String property) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(property, "must be a positive duration, got " + value, "Set a positive duration such "
                    + "as 5s, or remove the property for its default.");
        }
        return value;
    }

    private static CertMagicConfigurationException invalid(String property, String problem, String action) {
        return new CertMagicConfigurationException(PREFIX + property + " " + problem + ".",
                PREFIX + property + ": " + action);
    }
}
