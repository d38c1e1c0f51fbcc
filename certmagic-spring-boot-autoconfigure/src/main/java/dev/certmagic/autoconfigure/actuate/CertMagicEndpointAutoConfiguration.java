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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code certificates} actuator endpoint and the {@code certmagic} section of {@code /actuator/info}, when
 * actuator is on the classpath and a {@link CertificateManager} exists. The endpoint follows Boot's exposure and
 * access rules ({@code management.endpoints.web.exposure.include=certificates}; writes need
 * {@code management.endpoint.certificates.access=unrestricted}), and its writes over HTTP are checked by a
 * {@link CertificatesWriteAccess} (with Spring Security: a user with {@code certmagic.endpoint.write-role}; declare
 * your own bean to decide otherwise).
 */
@AutoConfiguration(after = CertMagicAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(CertificateManager.class)
@EnableConfigurationProperties(CertMagicEndpointProperties.class)
public final class CertMagicEndpointAutoConfiguration {

    CertMagicEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    CertificatesEndpoint certificatesEndpoint(CertificateManager manager, CertMagicEndpointProperties properties,
            CertificatesWriteAccess access) {
        return new CertificatesEndpoint(manager, properties.getWriteCooldown(), access);
    }

    /** With Spring Security, writes need an authenticated user with {@code certmagic.endpoint.write-role}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
    static class SecuredWritesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CertificatesWriteAccess certificatesWriteAccess(CertMagicEndpointProperties properties) {
            return new RoleWriteAccess(properties.getWriteRole());
        }
    }

    /** Without Spring Security, the access level and the network guard writes, as before. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
    static class OpenWritesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CertificatesWriteAccess certificatesWriteAccess() {
            return CertificatesWriteAccess.anyone();
        }
    }

    @Bean
    @ConditionalOnMissingBean(name = "certMagicInfoContributor")
    @ConditionalOnEnabledInfoContributor(value = "certmagic", fallback = InfoContributorFallback.USE_DEFAULTS_PROPERTY)
    CertificatesInfoContributor certMagicInfoContributor(CertificateManager manager) {
        return new CertificatesInfoContributor(manager);
    }
}
