package dev.certmagic.autoconfigure.actuate;

import java.util.List;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.CertMagicAutoConfiguration;
import dev.certmagic.autoconfigure.CertMagicProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code certificates} health indicator ({@code management.health.certificates.enabled}), when Spring Boot's
 * health support is on the classpath and a {@link CertificateManager} exists. Add it to the readiness group with
 * {@code management.endpoint.health.group.readiness.include=readinessState,certificates}.
 */
@AutoConfiguration(after = CertMagicAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(CertificateManager.class)
@ConditionalOnEnabledHealthIndicator("certificates")
@EnableConfigurationProperties(CertMagicHealthProperties.class)
public final class CertMagicHealthAutoConfiguration {

    CertMagicHealthAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "certificatesHealthIndicator")
    CertificatesHealthIndicator certificatesHealthIndicator(CertificateManager manager,
            ObjectProvider<CertMagicProperties> certMagicProperties, CertMagicHealthProperties properties) {
        return new CertificatesHealthIndicator(manager, () -> {
            CertMagicProperties configured = certMagicProperties.getIfAvailable();
            return configured == null ? List.of() : configured.getDomains();
        }, properties);
    }
}
