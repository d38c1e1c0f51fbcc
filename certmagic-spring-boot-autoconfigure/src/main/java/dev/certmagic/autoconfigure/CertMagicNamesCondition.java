package dev.certmagic.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when certmagic has something to serve: {@code certmagic.domains}, {@code certmagic.unmanaged}, or names
 * that arrive with handshakes ({@code certmagic.on-demand.enabled=true}, where the domains may be empty). With
 * none of them, the starter backs off quietly (one INFO line) instead of failing: the starter on the classpath of an
 * application that has not been configured yet, or of a test slice, must not break it, and an HTTPS connector
 * without any certificate would only fail every handshake.
 */
class CertMagicNamesCondition extends SpringBootCondition {

    private static final Logger LOG = LoggerFactory.getLogger(CertMagicNamesCondition.class);

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        CertMagicProperties properties = Binder.get(context.getEnvironment())
                .bind("certmagic", CertMagicProperties.class).orElseGet(CertMagicProperties::new);
        if (properties.getOnDemand().isEnabled()) {
            // Names arrive with handshakes; whether that is safe is checked when the manager is built.
            return ConditionOutcome.match("certmagic.on-demand.enabled is true");
        }
        if (properties.getDomains().isEmpty() && properties.getUnmanaged().isEmpty()) {
            LOG.info("certmagic is on the classpath but certmagic.domains is empty: HTTPS is not configured. "
                    + "Set certmagic.domains (or certmagic.enabled=false to silence this).");
            return ConditionOutcome.noMatch("certmagic.domains and certmagic.unmanaged are empty");
        }
        return ConditionOutcome.match("certmagic.domains or certmagic.unmanaged is set");
    }
}
