package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.AcmeFaultProxy;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;
import dev.certmagic.testsupport.WithPebble;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code certmagic.acme.account-key} and {@code certmagic.acme.user-agent} against a real CA: Pebble registers the
 * account under the key given, every request reaches the CA (through a recording proxy) with this project's
 * User-Agent, and a stored account of another key is neither used nor overwritten.
 */
@WithPebble
class AccountKeyUserAgentPebbleTest {

    private static final String NAME = "account-key.boot.example";

    private static final String EMAIL = "owner@boot.example";

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @TempDir
    Path scratch;

    private AcmeFaultProxy proxy;

    private String issuerKey;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = AcmeFaultProxy.start(pebble);
        issuerKey = StorageKeys.issuerKey(proxy.directoryUri());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private ApplicationContextRunner runner(Path accountKey) throws Exception {
        Path trust = Files.write(scratch.resolve("proxy-root.pem"),
                PemCodec.writeCertificates(List.of(proxy.trustCertificate())));
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=" + NAME, "certmagic.ca=" + proxy.directoryUri(),
                        "certmagic.acme.trusted-roots=file:" + trust, "certmagic.email=" + EMAIL,
                        "certmagic.agreed=true", "certmagic.storage.path=" + storageDirectory,
                        "certmagic.acme.user-agent=key-test/1.0 (+https://boot.example/contact)",
                        "certmagic.acme.account-key=file:" + accountKey);
    }

    @Test
    void theGivenKeyIsTheOnePebbleRegisteredAndEveryRequestNamesTheClient() throws Exception {
        storeValidCertificate(); // only the account is prepared: no order
        KeyPair given = TestKeys.ec();
        Path keyFile = Files.write(scratch.resolve("account.pem"), PemCodec.writePrivateKey(given.getPrivate()));
        runner(keyFile).run(context -> {
            assertThat(context).hasNotFailed();
            CertificateManager manager = context.getBean(CertificateManager.class);
            String registration = StorageKeys.userRegistration(issuerKey, EMAIL);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> manager.view().storage().exists(registration));
            ECPrivateKey stored = (ECPrivateKey) PemCodec.readPrivateKey(
                    manager.view().storage().load(StorageKeys.userPrivateKey(issuerKey, EMAIL)));
            assertThat(stored.getS()).as("the stored account key is the given one")
                    .isEqualTo(((ECPrivateKey) given.getPrivate()).getS());
            URL location = JSON.parse(new String(manager.view().storage().load(registration),
                    StandardCharsets.UTF_8)).get("location").asURL();

            // Pebble itself: the account it knows under the given key is the one stored.
            Session direct = new Session(pebble.directoryUri(), new PebbleTrust());
            URL known = new AccountBuilder().onlyExisting().useKeyPair(given).createLogin(direct)
                    .getAccountLocation();
            assertThat(known.getPath()).isEqualTo(location.getPath());

            assertThat(proxy.userAgents()).isNotEmpty().allSatisfy(agent -> assertThat(agent)
                    .matches("key-test/1\\.0 \\(\\+https://boot\\.example/contact\\) certmagic-spring-boot/\\d\\S* "
                            + "acme4j/\\S+ .*"));
        });
    }

    @Test
    void aStoredAccountOfAnotherKeyIsNeitherUsedNorOverwritten() throws Exception {
        KeyPair first = TestKeys.ec();
        Path firstFile = Files.write(scratch.resolve("first.pem"), PemCodec.writePrivateKey(first.getPrivate()));
        storeValidCertificate();
        runner(firstFile).run(context -> await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> context.getBean(CertificateManager.class).view().storage()
                        .exists(StorageKeys.userRegistration(issuerKey, EMAIL))));
        byte[] storedKey = Files.readAllBytes(storageDirectory.resolve(StorageKeys.userPrivateKey(issuerKey, EMAIL)));
        deleteCertificate();

        Path otherFile = Files.write(scratch.resolve("other.pem"), PemCodec.writePrivateKey(TestKeys.ec().getPrivate()));
        runner(otherFile).run(context -> {
            assertThat(context).hasNotFailed();
            CertificateManager manager = context.getBean(CertificateManager.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> manager.view().lastError(NAME).isPresent());
            String message = BuilderSettingNames.translate(manager.view().lastError(NAME).orElseThrow().message());
            assertThat(message).contains("whose key is not the configured certmagic.acme.account-key",
                    StorageKeys.userPrivateKey(issuerKey, EMAIL));
        });
        assertThat(Files.readAllBytes(storageDirectory.resolve(StorageKeys.userPrivateKey(issuerKey, EMAIL))))
                .as("the stored account key is untouched").isEqualTo(storedKey);
        assertThat(proxy.newOrderRequests()).as("no order was placed with either key").isZero();
    }

    /** Every name has a valid certificate in storage, so no order is placed: only the account is prepared. */
    private void storeValidCertificate() throws Exception {
        TestCertificates.Held ca = TestCertificates.root("Account Key Test CA").validity(Duration.ofDays(365)).build();
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).signedBy(ca)
                .notBefore(Instant.now().minus(Duration.ofHours(1))).validity(Duration.ofDays(90)).build();
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            new CertificateAssets(files).store(List.of(NAME), leaf.chain(), leaf.privateKey(), issuerKey,
                    KeyType.EC256, Instant.now());
        }
    }

    private void deleteCertificate() throws Exception {
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            files.delete(StorageKeys.certificatesPrefix(issuerKey));
        }
    }

    /** acme4j straight to Pebble, trusting Pebble's listener certificate. */
    private static final class PebbleTrust extends GenericAcmeProvider {

        @Override
        public boolean accepts(URI serverUri) {
            return serverUri.equals(pebble.directoryUri());
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            return HttpClient.newBuilder().sslContext(pebble.sslContext()).connectTimeout(settings.getTimeout())
                    .build();
        }
    }
}
