package dev.certmagic.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.CertMagicAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * certmagic's Micrometer meters ({@code certmagic.*}), when a {@link MeterRegistry} and a
 * {@link CertificateManager} exist.
 */
@AutoConfiguration(after = CertMagicAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, CertificateManager.class })
@EnableConfigurationProperties(CertMagicMetricsProperties.class)
public final class CertMagicMetricsAutoConfiguration {

    CertMagicMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(name = "certMagicMeterBinder")
    CertMagicMeterBinder certMagicMeterBinder(CertificateManager manager, CertMagicMetricsProperties properties) {
        return new CertMagicMeterBinder(manager, properties.getExpiryMaxNames());
    }
}
