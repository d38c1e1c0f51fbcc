package dev.certmagic.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where the core's names meet Spring's. The core is framework-free, so its messages name builder
 * methods ({@code agreed(true)}, {@code email(...)}, {@code keyType(...)}); a Spring user wrote properties. This
 * class maps every builder method the auto-configuration calls (on {@code CertificateManagerBuilder},
 * {@code AcmeIssuerBuilder}, {@code OnDemandPolicy.Builder} and {@code OnDemandGate.Builder}, plus the components
 * of the policy records it builds) to the {@code certmagic.*} property or the bean that feeds it, and rewrites core
 * messages accordingly. {@link CertMagicSettingsValidator} turns translated core refusals into startup errors;
 * {@link CertMagicFailureAnalyzer} and {@link CertMagicLifecycle} translate whatever core text reaches the user.
 */
final class BuilderSettingNames {

    /** Builder method → the property (or bean) that sets it. Settings only a customizer can change are absent. */
    private static final Map<String, String> SETTINGS = settings();

    /**
     * A builder call as core messages write it: {@code method(...)}, {@code method(value)} or
     * {@code Type.method(...)}, the value without spaces or parentheses.
     */
    private static final Pattern CALL = Pattern.compile(
            "\\b((?:[A-Z]\\w*\\.)*)([a-z]\\w*)\\(([^()\\s]*)\\)");

    private BuilderSettingNames() {
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // CertificateManagerBuilder
        settings.put("storage", "certmagic.storage.type (with certmagic.storage.path or certmagic.storage.jdbc.*) "
                + "or a Storage bean");
        settings.put("clock", "a Clock bean");
        settings.put("acme", "certmagic.ca");
        settings.put("issuer", "an Issuer bean");
        settings.put("addAcme", "certmagic.issuers[i] (an ACME entry)");
        settings.put("addIssuer", "certmagic.issuers[i] (an internal entry) or an Issuer bean");
        settings.put("issuerPolicy", "certmagic.issuer-policy");
        settings.put("httpChallenge", "certmagic.challenges.http.enabled");
        settings.put("tlsAlpnChallenge", "certmagic.challenges.tls-alpn.enabled");
        settings.put("issuancePolicy", "certmagic.key-type, certmagic.reuse-private-keys and certmagic.must-staple");
        settings.put("reuseKey", "certmagic.reuse-private-keys");
        settings.put("cacheCapacity", "certmagic.cache-capacity");
        settings.put("maxConcurrentIssuance", "certmagic.acme.max-concurrent-orders");
        settings.put("jitterSeed", "certmagic.renewal.jitter-seed");
        settings.put("storageCleaning", "certmagic.storage.clean-interval and certmagic.storage.keep-expired");
        settings.put("storageCleanInterval", "certmagic.storage.clean-interval");
        settings.put("keepExpired", "certmagic.storage.keep-expired");
        settings.put("keyType", "certmagic.key-type");
        settings.put("mustStaple", "certmagic.must-staple");
        settings.put("renewalPolicy", "certmagic.renewal.window-ratio");
        settings.put("windowRatio", "certmagic.renewal.window-ratio");
        settings.put("renewalCheckInterval", "certmagic.renewal.check-interval");
        settings.put("defaultServerName", "certmagic.default-server-name");
        settings.put("missingCertificateHandler", "a MissingCertificateHandler bean");
        settings.put("onDemand", "certmagic.on-demand.enabled");
        settings.put("listener", "a CertificateEventListener bean");
        settings.put("ocspEnabled", "certmagic.ocsp.enabled");
        settings.put("ocsp", "certmagic.ocsp.responder-overrides and certmagic.ocsp.default-responder");
        settings.put("ocspCheckInterval", "certmagic.ocsp.check-interval");
        settings.put("ocspStapling", "certmagic.ocsp.stapling");
        // AcmeIssuerBuilder
        settings.put("AcmeIssuer.builder", "certmagic.ca");
        settings.put("agreed", "certmagic.agreed");
        settings.put("email", "certmagic.email");
        settings.put("trustedRoots", "certmagic.acme.trusted-roots");
        settings.put("externalAccountBinding", "certmagic.acme.eab.key-id and certmagic.acme.eab.hmac-key");
        settings.put("profile", "certmagic.acme.profile");
        settings.put("responseTimeout", "certmagic.acme.response-timeout");
        settings.put("maxResponseSize", "certmagic.acme.max-response-size");
        settings.put("networkTimeout", "certmagic.acme.network-timeout");
        settings.put("orderTimeout", "certmagic.acme.order-timeout");
        settings.put("maxConcurrentOrders", "certmagic.acme.max-concurrent-orders");
        settings.put("preferredChain", "certmagic.acme.preferred-chain");
        settings.put("userAgent", "certmagic.acme.user-agent");
        settings.put("accountKey", "certmagic.acme.account-key");
        settings.put("solver", "a DnsProvider bean (DNS-01)");
        // OnDemandPolicy.Builder
        settings.put("decision", "an OnDemandDecision bean");
        settings.put("allowedDomains", "certmagic.on-demand.allowed-domains");
        settings.put("ask", "certmagic.on-demand.ask");
        settings.put("askTimeout", "certmagic.on-demand.ask-timeout");
        settings.put("maxObtain", "certmagic.on-demand.max-obtain");
        settings.put("rateLimit", "certmagic.on-demand.rate-limit.events and certmagic.on-demand.rate-limit.window");
        // OnDemandGate.Builder
        settings.put("handshakeTimeout", "certmagic.on-demand.handshake-timeout");
        settings.put("denialTtl", "certmagic.on-demand.denial-ttl");
        settings.put("maxInFlight", "certmagic.on-demand.max-in-flight");
        settings.put("maxWaiting", "certmagic.on-demand.max-waiting");
        settings.put("maxWaitingPerName", "certmagic.on-demand.max-waiting-per-name");
        return Map.copyOf(settings);
    }

    /**
     * Returns what a Spring user sets for a builder method.
     *
     * @param builderMethod a method name such as {@code agreed}, or {@code AcmeIssuer.builder}
     * @return the property (or bean) description, or {@code null} when no property sets it
     */
    static String settingFor(String builderMethod) {
        return SETTINGS.get(builderMethod);
    }

    /**
     * Rewrites the builder calls a core message names into the properties that set them:
     * {@code agreed(true)} becomes {@code certmagic.agreed=true}, {@code email(...)} becomes
     * {@code certmagic.email}. Calls no property sets (a customizer's) are left as they are.
     *
     * @param message a core message, or {@code null}
     * @return the message in Spring's names
     */
    static String translate(String message) {
        if (message == null) {
            return null;
        }
        Matcher call = CALL.matcher(message);
        StringBuilder translated = new StringBuilder();
        while (call.find()) {
            String setting = SETTINGS.getOrDefault(call.group(1) + call.group(2),
                    call.group(1).isEmpty() ? SETTINGS.get(call.group(2)) : null);
            call.appendReplacement(translated, Matcher.quoteReplacement(
                    setting == null ? call.group() : withValue(setting, call.group(3))));
        }
        call.appendTail(translated);
        return translated.toString();
    }

    private static String withValue(String setting, String value) {
        boolean singleProperty = setting.startsWith("certmagic.") && !setting.contains(" ");
        if (!singleProperty || value.isEmpty() || value.equals("...") || value.equals("…")) {
            return setting;
        }
        return setting + "=" + value;
    }
}
