package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.certmagic.CertificateManager;
import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.challenge.DnsChallengeSolver;
import dev.certmagic.dns.powerdns.PowerDnsProvider;
import dev.certmagic.dns.rfc2136.Rfc2136DnsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which DNS-01 beans {@code certmagic.dns.*} contributes, and how wrong settings fail at startup. Nothing here talks
 * to a DNS server (see {@link DnsWildcardBindPebbleTest} for that).
 */
class CertMagicDnsAutoConfigurationTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=";

    @TempDir
    Path storage;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicDnsAutoConfiguration.class,
                        CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=*.example.com", "certmagic.agreed=true",
                        "certmagic.ca=https://127.0.0.1:1/dir", "certmagic.storage.path=" + storage);
    }

    @Test
    void anRfc2136ProviderFromPropertiesAllowsWildcardsWithTheDnsModulesSolver() {
        runner().withPropertyValues("certmagic.dns.provider=rfc2136", "certmagic.dns.rfc2136.server=127.0.0.1",
                "certmagic.dns.rfc2136.tsig-key-name=k", "certmagic.dns.rfc2136.tsig-secret=" + SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CertificateManager.class);
                    assertThat(context.getBean(DnsProvider.class)).isInstanceOf(Rfc2136DnsProvider.class);
                    assertThat(context.getBean(ChallengeSolver.class)).isInstanceOf(DnsChallengeSolver.class);
                });
    }

    @Test
    void aPowerDnsProviderFromProperties() {
        runner().withPropertyValues("certmagic.dns.provider=powerdns",
                "certmagic.dns.powerdns.api-url=http://127.0.0.1:8081", "certmagic.dns.powerdns.api-key=k")
                .run(context -> assertThat(context.getBean(DnsProvider.class)).isInstanceOf(PowerDnsProvider.class));
    }

    @Test
    void theApplicationsDnsProviderBeanWinsOverTheNamedProvider() {
        runner().withUserConfiguration(UserDns.class).withPropertyValues("certmagic.dns.provider=rfc2136")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(DnsProvider.class)).isSameAs(UserDns.PROVIDER);
                    assertThat(context.getBean(ChallengeSolver.class)).isInstanceOf(DnsChallengeSolver.class);
                });
    }

    @Test
    void aPowerDnsProviderWithoutItsKeyFailsNamingTheProperty() {
        runner().withPropertyValues("certmagic.dns.provider=powerdns",
                "certmagic.dns.powerdns.api-url=http://127.0.0.1:8081").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("certmagic.dns.powerdns.api-key"));
    }

    @Test
    void aTsigKeyNameWithoutASecretFailsNamingBoth() {
        runner().withPropertyValues("certmagic.dns.provider=rfc2136", "certmagic.dns.rfc2136.server=127.0.0.1",
                "certmagic.dns.rfc2136.tsig-key-name=k").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("tsig-key-name and tsig-secret must be set together"));
    }

    @Test
    void anUnknownProviderFailsNamingTheChoices() {
        runner().withPropertyValues("certmagic.dns.provider=route53").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("certmagic.dns.provider 'route53'"));
    }

    @Test
    void withoutTheDnsModuleTheCoreSolverServesADnsProviderBean() {
        runner().withClassLoader(new FilteredClassLoader(DnsChallengeSolver.class)).withUserConfiguration(UserDns.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CertificateManager.class);
                    assertThat(context).doesNotHaveBean(ChallengeSolver.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserDns {

        static final DnsProvider PROVIDER = new DnsProvider() {
            @Override
            public void appendTxt(String fqdn, String value) {
            }

            @Override
            public void deleteTxt(String fqdn, String value) {
            }
        };

        @Bean
        DnsProvider userDnsProvider() {
            return PROVIDER;
        }
    }
}
