package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.web.AcmeHttpChallengeFilter;
import dev.certmagic.autoconfigure.web.HttpsRedirectFilter;
import dev.certmagic.autoconfigure.web.TestCertificates;
import dev.certmagic.autoconfigure.web.jetty.JettyCertMagicCustomizer;
import dev.certmagic.autoconfigure.web.tomcat.TomcatCertMagicCustomizer;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;

/**
 * Which beans the auto-configuration contributes, per property, per classpath and next to the application's own
 * beans. The CA is an unreachable loopback URL: the lifecycle starts, fails to reach it and schedules a retry,
 * which is all these tests need from it.
 */
@ExtendWith(OutputCaptureExtension.class)
class CertMagicAutoConfigurationTest {

    private static final String UNREACHABLE_CA = "certmagic.ca=https://127.0.0.1:1/dir";

    @TempDir
    Path storage;

    private WebApplicationContextRunner webRunner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=app.example.com", "certmagic.agreed=true", UNREACHABLE_CA,
                        "certmagic.storage.path=" + storage);
    }

    @Test
    void aServletApplicationGetsTheManagerTheFiltersAndACustomizerPerServer() {
        webRunner().run(context -> {
            assertThat(context).hasSingleBean(CertificateManager.class).hasSingleBean(FileStorage.class)
                    .hasSingleBean(CertMagicLifecycle.class).hasSingleBean(TomcatCertMagicCustomizer.class)
                    .hasSingleBean(JettyCertMagicCustomizer.class);
            assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                    .extracting(registration -> (Object) registration.getFilter().getClass())
                    .containsExactlyInAnyOrder(AcmeHttpChallengeFilter.class, HttpsRedirectFilter.class);
            assertThat(((FileStorage) context.getBean(Storage.class)).root()).isEqualTo(storage);
        });
    }

    @Test
    void aMissingStorageFolderIsCreatedOwnerOnlyAtStartup() {
        Path root = storage.resolve("not-yet").resolve("certmagic");
        webRunner().withPropertyValues("certmagic.storage.path=" + root).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        });
    }

    @Test
    void certmagicEnabledFalseBacksOffCompletely() {
        webRunner().withPropertyValues("certmagic.enabled=false").run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(CertificateManager.class)
                .doesNotHaveBean(TomcatCertMagicCustomizer.class).doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void noDomainsBacksOffQuietlyInsteadOfFailing() {
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CertificateManager.class)
                        .doesNotHaveBean(TomcatCertMagicCustomizer.class));
    }

    @Test
    void withoutTomcatOnTheClasspathOnlyJettyIsCustomized() {
        webRunner().withClassLoader(new FilteredClassLoader(Tomcat.class)).run(context -> assertThat(context)
                .doesNotHaveBean(TomcatCertMagicCustomizer.class).hasSingleBean(JettyCertMagicCustomizer.class));
    }

    @Test
    void withoutJettyOnTheClasspathOnlyTomcatIsCustomized() {
        webRunner().withClassLoader(new FilteredClassLoader(Server.class)).run(context -> assertThat(context)
                .doesNotHaveBean(JettyCertMagicCustomizer.class).hasSingleBean(TomcatCertMagicCustomizer.class));
    }

    @Test
    void aNonWebApplicationGetsTheManagerButNoServerWiring() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=app.example.com", "certmagic.agreed=true", UNREACHABLE_CA,
                        "certmagic.storage.path=" + storage)
                .run(context -> assertThat(context).hasSingleBean(CertificateManager.class)
                        .doesNotHaveBean(TomcatCertMagicCustomizer.class)
                        .doesNotHaveBean(FilterRegistrationBean.class));
    }

    @Test
    void redirectFalseKeepsTheChallengeFilterAndAnswersEverythingElseWith404() {
        webRunner().withPropertyValues("certmagic.http.redirect=false").run(context -> assertThat(
                context.getBeansOfType(FilterRegistrationBean.class).values())
                .extracting(registration -> (Object) registration.getFilter().getClass())
                .containsExactlyInAnyOrder(AcmeHttpChallengeFilter.class,
                        dev.certmagic.autoconfigure.web.PlainHttpNotFoundFilter.class));
    }

    @Test
    void serveApplicationTrueKeepsOnlyTheChallengeFilterOnPurpose() {
        webRunner().withPropertyValues("certmagic.http.redirect=false", "certmagic.http.serve-application=true")
                .run(context -> assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                        .extracting(registration -> (Object) registration.getFilter().getClass())
                        .containsExactly(AcmeHttpChallengeFilter.class));
    }

    @Test
    void theApplicationsStorageReplacesTheFileStorage() {
        webRunner().withUserConfiguration(UserStorage.class).run(context -> {
            assertThat(context).hasSingleBean(Storage.class).doesNotHaveBean("certMagicStorage");
            assertThat(context.getBean(CertificateManager.class).view().storage())
                    .isSameAs(context.getBean("userStorage"));
        });
    }

    @Test
    void theApplicationsManagerReplacesTheAutoConfiguredOne() {
        webRunner().withUserConfiguration(UserManager.class).run(context -> assertThat(context)
                .hasSingleBean(CertificateManager.class).doesNotHaveBean(Storage.class)
                .getBean(CertificateManager.class).isSameAs(context.getBean("userManager")));
    }

    @Test
    void certificateEventsReachListenerBeansAndTypedSpringEventListeners() {
        webRunner().withUserConfiguration(Listeners.class).run(context -> {
            ManagedCertificate unmanaged = unmanaged("own.example.com");
            context.getBean(CertificateManager.class).cacheUnmanaged(unmanaged);

            Listeners listeners = context.getBean(Listeners.class);
            assertThat(listeners.core).filteredOn(CertificateCachedEvent.class::isInstance)
                    .extracting(CertificateEvent::names).contains(List.of("own.example.com"));
            assertThat(listeners.spring).extracting(CertificateEvent::names).contains(List.of("own.example.com"));
        });
    }

    @Test
    void unmanagedPemCertificatesAreServedAlongside(@TempDir Path pem) throws Exception {
        TestCertificates.Issued issued = TestCertificates.issue("pem.example.com");
        Path certificate = java.nio.file.Files.write(pem.resolve("cert.pem"),
                dev.certmagic.certificate.PemCodec.writeCertificates(List.of(issued.certificate())));
        Path key = java.nio.file.Files.write(pem.resolve("key.pem"),
                dev.certmagic.certificate.PemCodec.writePrivateKey(issued.keyPair().getPrivate()));
        webRunner().withPropertyValues("certmagic.unmanaged[0].certificate=file:" + certificate,
                "certmagic.unmanaged[0].private-key=file:" + key).run(context -> assertThat(
                context.getBean(CertificateManager.class).view().cached("pem.example.com")).hasSize(1));
    }

    @Test
    void aDnsProviderBeanAllowsWildcards() {
        webRunner().withUserConfiguration(UserDns.class).withPropertyValues("certmagic.domains=*.example.com")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CertificateManager.class));
    }

    @Test
    void aCaThatCannotBeReachedNeitherFailsStartupNorOpensReadiness(CapturedOutput output) {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                ApplicationAvailabilityAutoConfiguration.class, CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=down.example.com", "certmagic.agreed=true", UNREACHABLE_CA,
                        "certmagic.storage.path=" + storage)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.getOut())
                            .contains("could not get a certificate for every name in [down.example.com] yet")
                            .contains("retried on its schedule"));
                    assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
                            .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
                    assertThat(context.getBean(CertMagicLifecycle.class).isRunning()).isTrue();
                });
    }

    @Test
    void bootsOwnReadyEventDoesNotOpenReadinessBeforeTheCertificatesAreServed() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(
                CertMagicFailureAnalyzerTest.EmptyApplication.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "certmagic.domains=late.example.com",
                        "certmagic.agreed=true", UNREACHABLE_CA, "certmagic.storage.path=" + storage)
                .run()) {
            assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
                    .as("Boot published ACCEPTING_TRAFFIC when ready; certmagic answered it")
                    .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        }
    }

    static ManagedCertificate unmanaged(String name) throws Exception {
        TestCertificates.Issued issued = TestCertificates.issue(name);
        return ManagedCertificate.of(List.of(issued.certificate()), issued.keyPair().getPrivate(), false, null);
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStorage {

        @Bean
        Storage userStorage(@org.springframework.beans.factory.annotation.Value("${certmagic.storage.path}")
                Path path) {
            return FileStorage.builder(path.resolve("user")).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserManager {

        @Bean(destroyMethod = "close")
        CertificateManager userManager(@org.springframework.beans.factory.annotation.Value("${certmagic.storage.path}")
                Path path) {
            return CertificateManager.builder().storage(FileStorage.builder(path.resolve("user")).build())
                    .acme(dev.certmagic.acme.AcmeIssuer.builder(java.net.URI.create("https://127.0.0.1:1/dir"))
                            .agreed(true))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserDns {

        @Bean
        dev.certmagic.dns.DnsProvider dnsProvider() {
            return new dev.certmagic.dns.DnsProvider() {
                @Override
                public void appendTxt(String fqdn, String value) {
                }

                @Override
                public void deleteTxt(String fqdn, String value) {
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listeners implements CertificateEventListener {

        final List<CertificateEvent> core = new CopyOnWriteArrayList<>();

        final List<CertificateCachedEvent> spring = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(CertificateEvent event) {
            core.add(event);
        }

        @EventListener
        void on(CertificateCachedEvent event) {
            spring.add(event);
        }
    }
}
