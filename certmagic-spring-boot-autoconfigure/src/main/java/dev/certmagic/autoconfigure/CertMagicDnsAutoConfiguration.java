package dev.certmagic.autoconfigure;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.challenge.DnsChallengeSolver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * DNS-01 from properties alone when certmagic-dns is present: a {@link DnsProvider} named by
 * {@code certmagic.dns.provider} (unless the application declares its own), and for whichever provider is there a
 * DNS-01 solver with CNAME delegation and authoritative propagation checks set by {@code certmagic.dns.*}.
 */
@AutoConfiguration(before = CertMagicAutoConfiguration.class)
@ConditionalOnClass(DnsChallengeSolver.class)
@ConditionalOnBooleanProperty(name = "certmagic.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CertMagicProperties.class)
public final class CertMagicDnsAutoConfiguration {

    /** The name of the DNS-01 solver bean the certificate manager picks up. */
    static final String SOLVER_BEAN = "certMagicDnsChallengeSolver";

    CertMagicDnsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(DnsProvider.class)
    @ConditionalOnProperty(prefix = "certmagic.dns", name = "provider")
    DnsProvider certMagicDnsProvider(CertMagicProperties properties) {
        return DnsSettingsFactory.provider(properties.getDns());
    }

    @Bean(SOLVER_BEAN)
    @ConditionalOnBean(DnsProvider.class)
    ChallengeSolver certMagicDnsChallengeSolver(DnsProvider provider, CertMagicProperties properties) {
        return new DnsChallengeSolver(provider, DnsSettingsFactory.challengeSettings(properties.getDns()));
    }
}
