package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.WithPebble;

/**
 * Startup with {@code certmagic.domains} prepares the ACME account at a real Pebble as soon as the manager bean
 * exists, whether or not an order follows: here every name has a valid certificate in storage, so no order is
 * ever placed and only that preparation can have registered the account.
 */
@WithPebble
class StartupPreparePebbleTest {

    private static final String NAME = "prepared.boot.example";
    private static final String EMAIL = "prepare@boot.example";

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @TempDir
    Path scratch;

    @Test
    void startupWithDomainsRegistersTheAccountWithoutAnOrder() throws Exception {
        String issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
        storeValidCertificate(issuerKey);
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        long ordersBefore = pebble.countLogLines("Added order");

        runner(trust).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CertificateManager.class);
            CertificateManager manager = context.getBean(CertificateManager.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertThat(manager.view().storage().exists(StorageKeys.userRegistration(issuerKey, EMAIL)))
                            .as("the account is registered and stored").isTrue());
            assertThat(manager.view().cached(NAME)).as("served from storage").isNotEmpty();
        });

        assertThat(pebble.countLogLines("Added order")).as("no order: the certificate came from storage")
                .isEqualTo(ordersBefore);
    }

    private void storeValidCertificate(String issuerKey) throws Exception {
        TestCertificates.Held ca = TestCertificates.root("Prepare Test CA").validity(Duration.ofDays(365)).build();
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).signedBy(ca)
                .notBefore(Instant.now().minus(Duration.ofHours(1))).validity(Duration.ofDays(90)).build();
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            new CertificateAssets(files).store(List.of(NAME), leaf.chain(), leaf.privateKey(), issuerKey,
                    KeyType.EC256, Instant.now());
        }
    }

    private ApplicationContextRunner runner(Path trust) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=" + NAME, "certmagic.ca=" + pebble.directoryUrl(),
                        "certmagic.acme.trusted-roots=file:" + trust, "certmagic.email=" + EMAIL,
                        "certmagic.agreed=true", "certmagic.storage.path=" + storageDirectory);
    }
}
