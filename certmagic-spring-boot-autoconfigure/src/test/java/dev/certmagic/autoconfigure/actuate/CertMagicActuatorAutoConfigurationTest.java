package dev.certmagic.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.TestCertificates;

/**
 * Which operations beans exist for which classpath and properties, and what they report for a manager with a
 * certificate served from the cache.
 */
class CertMagicActuatorAutoConfigurationTest {

    @TempDir
    static Path storage;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CertMagicEndpointAutoConfiguration.class,
                    CertMagicHealthAutoConfiguration.class, CertMagicMetricsAutoConfiguration.class))
            .withUserConfiguration(ManagerConfiguration.class);

    @Test
    void theEndpointExistsWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=certificates")
                .run(context -> assertThat(context).hasSingleBean(CertificatesEndpoint.class));
    }

    @Test
    void theEndpointIsAbsentWhenNotExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(CertificatesEndpoint.class));
    }

    @Test
    void theEndpointIsAbsentWhenItsAccessIsNone() {
        // Upper case: a bare context converts enums strictly, where an application also accepts "none".
        runner.withPropertyValues("management.endpoints.web.exposure.include=certificates",
                "management.endpoint.certificates.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(CertificatesEndpoint.class));
    }

    @Test
    void nothingOperationalExistsWithoutActuatorOnTheClasspath() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=certificates")
                .withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(CertificatesEndpoint.class)
                        .doesNotHaveBean(CertificatesInfoContributor.class)
                        .doesNotHaveBean(CertificatesHealthIndicator.class));
    }

    @Test
    void nothingOperationalExistsWithoutACertificateManager() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicEndpointAutoConfiguration.class,
                        CertMagicHealthAutoConfiguration.class, CertMagicMetricsAutoConfiguration.class))
                .withUserConfiguration(RegistryConfiguration.class)
                .withPropertyValues("management.endpoints.web.exposure.include=certificates")
                .run(context -> assertThat(context).doesNotHaveBean(CertificatesEndpoint.class)
                        .doesNotHaveBean(CertificatesHealthIndicator.class)
                        .doesNotHaveBean(CertMagicMeterBinder.class));
    }

    @Test
    void metricsAreAbsentWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(CertMagicMeterBinder.class));
    }

    @Test
    void metricsAreBoundWhenAMeterRegistryExists() {
        runner.withUserConfiguration(RegistryConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(CertMagicMeterBinder.class);
            MeterRegistry registry = new SimpleMeterRegistry();
            CertificateManager manager = context.getBean(CertificateManager.class);
            manager.cacheUnmanaged(unmanaged("own.example"));
            context.getBean(CertMagicMeterBinder.class).bindTo(registry);
            ((dev.certmagic.internal.tls.SniKeyManager) manager.keyManager()).selectAlias("EC", "own.example", null);

            assertThat(registry.get("certmagic.certificates").tag("managed", "false").tag("status", "valid")
                    .gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("certmagic.certificates").tag("managed", "true").tag("status", "valid")
                    .gauge().value()).isZero();
            assertThat(registry.get("certmagic.handshakes").tag("result", "hit").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("certmagic.handshakes").tag("result", "miss").functionCounter().count())
                    .isZero();
            assertThat(registry.get("certmagic.ocsp.refresh").tag("outcome", "success").counter().count()).isZero();
        });
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        runner.run(context -> assertThat(context).hasSingleBean(CertificatesHealthIndicator.class));
        runner.withPropertyValues("management.health.certificates.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CertificatesHealthIndicator.class));
    }

    @Test
    void healthNamesAStorageRootOthersMayWriteToAndStaysUp() throws Exception {
        Path shared = java.nio.file.Files.createDirectories(storage.resolve("shared-root"));
        java.nio.file.Files.setPosixFilePermissions(shared,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        CertificateManager manager = CertificateManager.builder().storage(FileStorage.builder(shared).build())
                .build();
        try {
            CertificatesHealthIndicator indicator = new CertificatesHealthIndicator(manager, List::of,
                    new CertMagicHealthProperties());

            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("storageWarnings")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .singleElement().asString().contains(shared.toString()).contains("rwxrwxrwx");

            java.nio.file.Files.setPosixFilePermissions(shared,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            assertThat(indicator.health(true).getDetails()).doesNotContainKey("storageWarnings");
        } finally {
            manager.close();
        }
    }

    @Test
    void healthIsDownWhileAConfiguredNameHasNoCertificateAndUpOnceItHasOne() {
        runner.run(context -> {
            CertificateManager manager = context.getBean(CertificateManager.class);
            CertMagicHealthProperties properties = new CertMagicHealthProperties();
            CertificatesHealthIndicator indicator = new CertificatesHealthIndicator(manager,
                    () -> List.of("Site.Example"), properties);

            Health down = indicator.health(true);
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("certificates", 0);
            assertThat(down.getDetails().get("missing")).asInstanceOf(
                    InstanceOfAssertFactories.LIST).singleElement()
                    .isEqualTo(Map.of("name", "site.example", "reason", "not obtained yet", "obtaining", false));

            manager.cacheUnmanaged(unmanaged("site.example"));
            Health up = indicator.health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("certificates", 1).doesNotContainKey("missing")
                    .as("one day of validity is within the 14-day warning").containsKey("expiringSoon");

            properties.setDownWhenExpiringSoon(true);
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthNamesAFailingRenewalAndAFirstObtainThatFailedWithTheirLastError() throws Exception {
        SwitchableIssuer issuer = new SwitchableIssuer();
        try (CertificateManager manager = CertificateManager.builder()
                .storage(FileStorage.builder(storage.resolve("failing")).build()).issuer(issuer).build()) {
            manager.manageSync(List.of("renewing.example"));
            issuer.fail(true);
            assertThatThrownBy(() -> manager.renew("renewing.example")).isInstanceOf(IssuanceException.class);
            assertThatThrownBy(() -> manager.manageSync(List.of("never.example")))
                    .isInstanceOf(IssuanceException.class);
            CertificatesHealthIndicator indicator = new CertificatesHealthIndicator(manager, List::of,
                    new CertMagicHealthProperties());

            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("missing")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .singleElement().asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("name", "never.example")
                    .containsEntry("lastError", "urn:ietf:params:acme:error:serverInternal: the CA is down")
                    .containsKeys("failedAt", "nextAttempt");
            assertThat(health.getDetails().get("failing")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .singleElement().asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("names", List.of("renewing.example"))
                    .containsEntry("lastError", "urn:ietf:params:acme:error:serverInternal: the CA is down")
                    .containsKeys("timeLeft", "nextAttempt");
            assertThat(manager.view().certificates()).singleElement()
                    .extracting(view -> view.status()).isEqualTo(dev.certmagic.status.CertificateStatus.FAILING);
        }
    }

    @Test
    void theInfoSectionCountsCertificatesAndNamesTheSoonestExpiry() {
        runner.run(context -> {
            CertificateManager manager = context.getBean(CertificateManager.class);
            manager.cacheUnmanaged(unmanaged("own.example"));
            Info.Builder builder = new Info.Builder();
            context.getBean(CertificatesInfoContributor.class).contribute(builder);

            assertThat(builder.build().getDetails().get("certmagic")).asInstanceOf(
                    InstanceOfAssertFactories.MAP)
                    .containsEntry("certificates", 1).containsEntry("managed", 0)
                    .containsKey("soonestExpiry");
        });
    }

    static ManagedCertificate unmanaged(String name) {
        TestCertificates.Held root = TestCertificates.root("Operations Test Root").build();
        TestCertificates.Held leaf = TestCertificates.leaf(name).signedBy(root).build();
        return ManagedCertificate.of(leaf.chain(), leaf.privateKey(), false, null);
    }

    @Configuration(proxyBeanMethods = false)
    static class ManagerConfiguration {

        @Bean
        CertificateManager certificateManager() {
            return CertificateManager.builder().storage(FileStorage.builder(storage).build()).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfiguration {

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
