package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.web.TestCertificates;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * {@link CertificateManagerBuilderCustomizer} and {@link AcmeIssuerBuilderCustomizer} beans reach the manager and
 * its ACME issuer, after the properties and in {@code @Order} order; the issuer's case runs against a real Pebble.
 */
@WithPebble
class BuilderCustomizersTest {

    private static final String NAME = "customized.boot.example";

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @TempDir
    Path scratch;

    @Test
    void aManagerCustomizersListenerReachesTheBuiltManager() throws Exception {
        Path certificate = scratch.resolve("cert.pem");
        Path key = scratch.resolve("key.pem");
        TestCertificates.Issued issued = TestCertificates.issue("own.boot.example");
        Files.write(certificate, PemCodec.writeCertificates(List.of(issued.certificate())));
        Files.write(key, PemCodec.writePrivateKey(issued.keyPair().getPrivate()));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withUserConfiguration(RecordingManagerCustomizer.class)
                .withPropertyValues("certmagic.storage.path=" + storageDirectory,
                        "certmagic.unmanaged[0].certificate=file:" + certificate,
                        "certmagic.unmanaged[0].private-key=file:" + key)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    // Only the customizer registered this listener: its event proves the setting was built in.
                    assertThat(context.getBean(RecordingManagerCustomizer.class).events)
                            .filteredOn(CertificateCachedEvent.class::isInstance)
                            .extracting(CertificateEvent::names).containsExactly(List.of("own.boot.example"));
                });
    }

    @Test
    void customizersRunInOrderAnnotationOrder() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withUserConfiguration(OrderedCustomizers.class)
                .withPropertyValues("certmagic.domains=" + NAME, "certmagic.agreed=true",
                        "certmagic.ca=https://127.0.0.1:1/dir", "certmagic.storage.path=" + storageDirectory)
                .run(context -> assertThat(context.getBean(OrderedCustomizers.class).calls).containsExactly(
                        "acme first", "acme second", "manager first", "manager second"));
    }

    @Test
    void anAcmeCustomizerOverridesTheEmailPropertyAtARealCa() throws Exception {
        String issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
        storeValidCertificate(issuerKey);
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withBean(AcmeIssuerBuilderCustomizer.class, () -> acme -> acme.email("customizer@boot.example"))
                .withPropertyValues("certmagic.domains=" + NAME, "certmagic.ca=" + pebble.directoryUrl(),
                        "certmagic.acme.trusted-roots=file:" + trust, "certmagic.email=property@boot.example",
                        "certmagic.agreed=true", "certmagic.storage.path=" + storageDirectory)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CertificateManager manager = context.getBean(CertificateManager.class);
                    // The account is prepared at startup under the e-mail the issuer was built with.
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                            assertThat(manager.view().storage().exists(
                                    StorageKeys.userRegistration(issuerKey, "customizer@boot.example"))).isTrue());
                    assertThat(manager.view().storage().exists(
                            StorageKeys.userRegistration(issuerKey, "property@boot.example"))).isFalse();
                });
    }

    /** Every name has a valid certificate in storage, so no order is placed: only the account is prepared. */
    private void storeValidCertificate(String issuerKey) throws Exception {
        dev.certmagic.testsupport.TestCertificates.Held ca = dev.certmagic.testsupport.TestCertificates
                .root("Customizer Test CA").validity(Duration.ofDays(365)).build();
        dev.certmagic.testsupport.TestCertificates.Held leaf = dev.certmagic.testsupport.TestCertificates.leaf(NAME)
                .signedBy(ca).notBefore(Instant.now().minus(Duration.ofHours(1))).validity(Duration.ofDays(90))
                .build();
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            new CertificateAssets(files).store(List.of(NAME), leaf.chain(), leaf.privateKey(), issuerKey,
                    KeyType.EC256, Instant.now());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingManagerCustomizer {

        final List<CertificateEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        CertificateManagerBuilderCustomizer listeningCustomizer() {
            return builder -> builder.listener(events::add);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers {

        final List<String> calls = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        CertificateManagerBuilderCustomizer secondManagerCustomizer() {
            return builder -> calls.add("manager second");
        }

        @Bean
        @Order(1)
        CertificateManagerBuilderCustomizer firstManagerCustomizer() {
            return builder -> calls.add("manager first");
        }

        @Bean
        @Order(2)
        AcmeIssuerBuilderCustomizer secondAcmeCustomizer() {
            return builder -> calls.add("acme second");
        }

        @Bean
        @Order(1)
        AcmeIssuerBuilderCustomizer firstAcmeCustomizer() {
            return builder -> calls.add("acme first");
        }
    }
}
