package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.issuance.InternalIssuer;
import dev.certmagic.status.CertificateView;
import dev.certmagic.storage.FileStorage;

/**
 * The internal CA end to end, with no network: a manager whose issuer is the local CA serves {@code localhost}, an
 * internal name and an IP address (to a client that sends no SNI) over real TLS handshakes that a client trusting
 * only the exported root verifies; a restart on the same storage keeps the root and orders nothing; two instances
 * starting together on one storage make one root.
 */
class InternalIssuerTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1", "app.internal");

    @TempDir
    Path storageDirectory;

    @TempDir
    Path exportDirectory;

    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void localhostAnIpAddressAndAnInternalNameAreServedAndVerifiedAgainstTheExportedRootOnly() throws Exception {
        Path export = exportDirectory.resolve("ca/root.pem");
        try (CertificateManager manager = manager(export);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            manager.manageSync(NAMES);

            List<X509Certificate> root = PemCodec.readCertificates(Files.readAllBytes(export));
            assertThat(root).singleElement().satisfies(r -> assertThat(r.getBasicConstraints()).isNotNegative());
            TlsProbe probe = new TlsProbe(root);
            X509Certificate localhost = probe.leafFor(server.port(), "localhost");
            X509Certificate internal = probe.leafFor(server.port(), "app.internal");
            X509Certificate address = probe.leafForAddress(server.port(), "127.0.0.1");
            assertThat(address.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
            assertThat(List.of(localhost, internal, address)).allSatisfy(leaf -> assertThat(Duration.between(
                    leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                    .as("12 hours plus one minute backdated").isEqualTo(Duration.ofHours(12).plusMinutes(1)));
            assertThat(events).filteredOn(CertificateObtainedEvent.class::isInstance).hasSize(3)
                    .allSatisfy(event -> assertThat(((CertificateObtainedEvent) event).issuerKey())
                            .isEqualTo(InternalIssuer.ISSUER_KEY));
            CertificateView view = manager.view().certificates().stream()
                    .filter(v -> v.names().contains("localhost")).findFirst().orElseThrow();
            assertThat(view.storageKey()).isEqualTo("certificates/local/localhost");
            assertThat(Duration.between(view.notBefore(), view.renewalWindowStart()))
                    .as("renewed at about half its life").isBetween(Duration.ofHours(5), Duration.ofHours(6).plusMinutes(1));
        }
    }

    @Test
    void aRestartKeepsTheRootAndTheCertificatesAndOrdersNothing() throws Exception {
        Path export = exportDirectory.resolve("root.pem");
        java.math.BigInteger first;
        try (CertificateManager manager = manager(export);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            manager.manageSync(NAMES);
            first = new TlsProbe(PemCodec.readCertificates(Files.readAllBytes(export)))
                    .serialFor(server.port(), "app.internal");
        }
        byte[] rootBefore = Files.readAllBytes(export);
        events.clear();
        try (CertificateManager restarted = manager(export);
                JsseTestServer server = new JsseTestServer(restarted.sslContext(), 0)) {
            restarted.manageSync(NAMES);
            assertThat(new TlsProbe(PemCodec.readCertificates(rootBefore)).serialFor(server.port(), "app.internal"))
                    .isEqualTo(first);
        }
        assertThat(Files.readAllBytes(export)).isEqualTo(rootBefore);
        assertThat(events).noneMatch(CertificateObtainedEvent.class::isInstance);
    }

    @Test
    void twoInstancesStartingTogetherOnOneStorageMakeOneRoot() throws Exception {
        int instances = 4;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<FileStorage> storages = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<X509Certificate>> roots = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                // One storage object per instance: separate lock owners, as separate JVMs would be.
                FileStorage storage = FileStorage.builder(storageDirectory).build();
                storages.add(storage);
                InternalIssuer issuer = new InternalIssuer(storage, InternalIssuer.DEFAULT_LIFETIME, null,
                        Clock.systemUTC());
                Callable<X509Certificate> task = () -> {
                    start.await();
                    return issuer.rootCertificate();
                };
                roots.add(pool.submit(task));
            }
            start.countDown();
            X509Certificate root = roots.get(0).get();
            for (Future<X509Certificate> other : roots) {
                assertThat(other.get()).isEqualTo(root);
            }
        } finally {
            pool.shutdownNow();
            for (FileStorage storage : storages) {
                storage.close();
            }
        }
    }

    private CertificateManager manager(Path export) {
        FileStorage storage = FileStorage.builder(storageDirectory).build();
        return CertificateManager.builder()
                .storage(storage)
                .listener(events::add)
                .issuer(new InternalIssuer(storage, InternalIssuer.DEFAULT_LIFETIME, export, Clock.systemUTC()))
                .build();
    }
}
