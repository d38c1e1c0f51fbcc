package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.cache.StoredCertificateLoader;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.WithPebble;

/**
 * A restart with certificates in storage, as a JSSE server sees it: a handshake for a managed name that the
 * background has not loaded yet is served at once (loaded on the spot, once, however many handshakes ask), a name
 * that is not managed never reaches storage, a storage failure fails only its own name, and no name is read twice
 * or ordered from the CA (a real Pebble, which must see no order).
 */
@WithPebble
class StoredCertificateLoadingTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    private final List<String> names = new ArrayList<>();
    private TestCertificates.Held ca;
    private String issuerKey;
    private GatedStorage storage;

    @BeforeEach
    void storeCertificates() throws IOException {
        issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
        ca = TestCertificates.root("Loading Test CA").validity(Duration.ofDays(365)).build();
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            CertificateAssets assets = new CertificateAssets(files);
            for (int i = 0; i < 12; i++) {
                String name = "site-" + i + ".loading.example";
                TestCertificates.Held leaf = TestCertificates.leaf(name).signedBy(ca)
                        .notBefore(Instant.now().minus(Duration.ofHours(1))).validity(Duration.ofDays(90)).build();
                assets.store(List.of(name), leaf.chain(), leaf.privateKey(), issuerKey, KeyType.EC256,
                        Instant.now());
                names.add(name);
            }
        }
        storage = new GatedStorage(FileStorage.builder(storageDirectory).build());
    }

    @Test
    void aStoredNameIsServedOnTheFirstHandshakeBeforeTheBackgroundReachesItAndEachNameIsReadOnce()
            throws Exception {
        long ordersBefore = pebble.countLogLines("Added order");
        try (CertificateManager manager = manager(); JsseTestServer server = server(manager)) {
            CompletableFuture<Void> all = manager.manageAsync(names);
            await().atMost(Duration.ofSeconds(20)).until(() -> storage.backgroundWaiting() >= 1);
            String last = names.get(names.size() - 1);

            X509Certificate leaf = probe().leafFor(server.port(), last);

            assertThat(CertificateManagerPebbleTest.dnsNames(leaf)).containsExactly(last);
            assertThat(all).as("the background is still held: the handshake loaded the name itself").isNotDone();
            assertThat(storage.readsOf(metadata(last))).isEqualTo(1);

            storage.openBackground();
            all.get(30, TimeUnit.SECONDS);
            for (String name : names) {
                assertThat(storage.readsOf(metadata(name))).as("reads of %s", name).isEqualTo(1);
                assertThat(CertificateManagerPebbleTest.dnsNames(probe().leafFor(server.port(), name)))
                        .containsExactly(name);
            }
            assertThat(storage.readsOf(metadata(last))).as("not read again by manageAsync").isEqualTo(1);
        }
        assertThat(pebble.countLogLines("Added order")).as("every certificate came from storage")
                .isEqualTo(ordersBefore);
    }

    @Test
    void concurrentHandshakesForOneNameShareOneLoad() throws Exception {
        String name = names.get(5);
        storage.holdFirstReadOf(metadata(name));
        int clients = 6;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (CertificateManager manager = manager(); JsseTestServer server = server(manager)) {
            manager.manageAsync(names);
            List<Future<X509Certificate>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> probe().leafFor(server.port(), name)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> storage.heldWaiting() == 1
                    && threadsWaitingInTheLoader() == clients - 1);

            storage.releaseHeld();

            for (Future<X509Certificate> result : results) {
                assertThat(CertificateManagerPebbleTest.dnsNames(result.get(30, TimeUnit.SECONDS)))
                        .containsExactly(name);
            }
            assertThat(storage.readsOf(metadata(name))).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNameThatIsNotManagedNeverTouchesStorageDuringAHandshake() throws Exception {
        try (CertificateManager manager = manager(); JsseTestServer server = server(manager)) {
            manager.manageAsync(names);
            await().atMost(Duration.ofSeconds(20)).until(() -> storage.backgroundWaiting() >= 1);

            for (String stranger : List.of("stranger.loading.example", "site-0.loading.example.evil",
                    "x".repeat(60) + ".loading.example")) {
                assertThatThrownBy(() -> probe().leafFor(server.port(), stranger)).isInstanceOf(IOException.class);
            }

            assertThat(storage.reads()).as("only the held background threads read storage")
                    .allSatisfy(read -> assertThat(read.thread()).startsWith(GatedStorage.LOADER_THREAD));
            assertThat(storage.readsContaining("stranger")).isZero();
            assertThat(storage.readsContaining("evil")).isZero();
        }
    }

    @Test
    void aStorageFailureFailsOnlyTheHandshakesOfItsOwnName() throws Exception {
        String broken = names.get(3);
        storage.failReadsContaining(broken + "/");
        try (CertificateManager manager = manager(); JsseTestServer server = server(manager)) {
            manager.manageAsync(names);
            await().atMost(Duration.ofSeconds(20)).until(() -> storage.backgroundWaiting() >= 1);

            assertThatThrownBy(() -> probe().leafFor(server.port(), broken)).isInstanceOf(IOException.class);
            long readsAfterFirst = storage.readsOf(metadata(broken));
            assertThat(CertificateManagerPebbleTest.dnsNames(probe().leafFor(server.port(), names.get(4))))
                    .containsExactly(names.get(4));
            assertThatThrownBy(() -> probe().leafFor(server.port(), broken))
                    .as("a failed load is forgotten: the next handshake tries storage again")
                    .isInstanceOf(IOException.class);
            assertThat(readsAfterFirst).isPositive();
            assertThat(storage.readsOf(metadata(broken))).isGreaterThan(readsAfterFirst);
        }
    }

    private CertificateManager manager() {
        return CertificateManager.builder()
                .storage(storage)
                .clock(Clock.systemUTC())
                .httpChallenge(false)
                .acme(dev.certmagic.acme.AcmeIssuer.builder(pebble.directoryUri())
                        .trustedRoots(List.of(pebble.trustCertificate())).agreed(true)
                        .email("ops@loading.example").networkTimeout(Duration.ofSeconds(3)))
                .build();
    }

    private static JsseTestServer server(CertificateManager manager) throws IOException {
        return new JsseTestServer(manager.sslContext(), 0);
    }

    private TlsProbe probe() throws Exception {
        return new TlsProbe(List.of(ca.certificate()));
    }

    private String metadata(String name) {
        return StorageKeys.siteMetadata(issuerKey, name);
    }

    private static long threadsWaitingInTheLoader() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getName().startsWith("jsse-test-server"))
                .filter(entry -> List.of(entry.getValue()).stream().anyMatch(frame ->
                        frame.getClassName().equals(StoredCertificateLoader.class.getName())
                                && frame.getMethodName().equals("awaited")))
                .count();
    }
}
