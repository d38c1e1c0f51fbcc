package dev.certmagic.autoconfigure.actuate;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.CertMagicAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorFallback;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code certificates} actuator endpoint and the {@code certmagic} section of {@code /actuator/info}, when
 * actuator is on the classpath and a {@link CertificateManager} exists. The endpoint follows Boot's exposure and
 * access rules ({@code management.endpoints.web.exposure.include=certificates}; writes need
 * {@code management.endpoint.certificates.access=unrestricted}).
 */
@AutoConfiguration(after = CertMagicAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(CertificateManager.class)
public final class CertMagicEndpointAutoConfiguration {

    CertMagicEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    CertificatesEndpoint certificatesEndpoint(CertificateManager manager) {
        return new CertificatesEndpoint(manager);
    }

    @Bean
    @ConditionalOnMissingBean(name = "certMagicInfoContributor")
    @ConditionalOnEnabledInfoContributor(value = "certmagic", fallback = InfoContributorFallback.USE_DEFAULTS_PROPERTY)
    CertificatesInfoContributor certMagicInfoContributor(CertificateManager manager) {
        return new CertificatesInfoContributor(manager);
    }
}
