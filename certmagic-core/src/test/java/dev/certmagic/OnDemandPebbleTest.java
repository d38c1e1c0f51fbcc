package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.OnDemandDecisionEvent;
import dev.certmagic.ondemand.OnDemandPolicy;
import dev.certmagic.ondemand.OnDemandVerdict;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * On-demand TLS through the manager's own key manager on a real JSSE server, with certificates from a real Pebble:
 * a name unknown at startup gets its certificate during its first handshake, concurrent first handshakes share
 * one order, names outside the policy cost nothing (no order, no storage read, no thread), the order budget holds,
 * and a restart serves what was obtained on demand from storage.
 */
@WithPebble(authzReuse = 0)
class OnDemandPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @Test
    void fiftyConcurrentFirstHandshakesForANewNameGetItsCertificateFromOneOrder() throws Exception {
        try (CertificateManager manager = manager(new CountingStorage(storage()), 10, List.of());
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            long ordersBefore = pebble.countLogLines("Added order");

            ExecutorService clients = Executors.newFixedThreadPool(50);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BigInteger>> serials = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    serials.add(clients.submit(() -> {
                        start.await();
                        return probe.serialFor(server.port(), "first.ondemand.example");
                    }));
                }
                start.countDown();
                Set<BigInteger> distinct = ConcurrentHashMap.newKeySet();
                for (Future<BigInteger> serial : serials) {
                    distinct.add(serial.get());
                }

                assertThat(distinct).as("all 50 handshakes got the same, Pebble-issued certificate").hasSize(1);
                assertThat(pebble.countLogLines("Added order") - ordersBefore).isEqualTo(1);
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void tenThousandHandshakesForNamesOutsideThePolicyOrderNothingReadNothingAndGrowNoThreads() throws Exception {
        CountingStorage storage = new CountingStorage(storage());
        List<CertificateEvent> events = new CopyOnWriteArrayList<>();
        try (CertificateManager manager = manager(storage, 10, List.of(events::add));
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            long ordersBefore = pebble.countLogLines("Added order");
            // Warm up the server's and the clients' thread pools before counting threads.
            assertThatThrownBy(() -> probe.leafFor(server.port(), "warmup.elsewhere.example"))
                    .isInstanceOf(IOException.class);
            int threadsBefore = Thread.activeCount();

            AtomicInteger refused = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    work.add(clients.submit(() -> {
                        for (int i = 0; i < 2_500; i++) {
                            try {
                                probe.leafFor(server.port(), UUID.randomUUID() + ".elsewhere.example");
                            } catch (IOException expected) {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
                // The test's own client threads must be gone before the server side's threads are counted.
                assertThat(clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }

            assertThat(refused.get()).isEqualTo(10_000);
            assertThat(pebble.countLogLines("Added order")).isEqualTo(ordersBefore);
            assertThat(storage.readsContaining("elsewhere")).isZero();
            assertThat(manager.view().onDemandGate().orElseThrow().ordersStarted()).isZero();
            assertThat(Thread.activeCount()).as("threads after the flood").isLessThanOrEqualTo(threadsBefore + 8);
            assertThat(events).filteredOn(OnDemandDecisionEvent.class::isInstance)
                    .map(e -> ((OnDemandDecisionEvent) e).verdict()).containsOnly(OnDemandVerdict.NOT_IN_ALLOWLIST);
        }
    }

    @Test
    void maxObtainHoldsUnderAFloodOfAllowedNames() throws Exception {
        try (CertificateManager manager = manager(new CountingStorage(storage()), 2, List.of());
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            long ordersBefore = pebble.countLogLines("Added order");
            AtomicInteger served = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String name = "budget" + i + ".ondemand.example";
                    work.add(clients.submit(() -> {
                        try {
                            probe.leafFor(server.port(), name);
                            served.incrementAndGet();
                        } catch (IOException refusedOverBudget) {
                            // Expected for the names beyond max-obtain.
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
            }

            assertThat(pebble.countLogLines("Added order") - ordersBefore).isEqualTo(2);
            assertThat(served.get()).isEqualTo(2);
        }
    }

    @Test
    void aRestartServesNamesObtainedOnDemandFromStorageWithoutANewOrder() throws Exception {
        BigInteger first;
        try (CertificateManager manager = manager(new CountingStorage(storage()), 10, List.of());
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            first = new TlsProbe(pebble.issuingRoots()).serialFor(server.port(), "again.ondemand.example");
        }
        long ordersBefore = pebble.countLogLines("Added order");
        try (CertificateManager restarted = manager(new CountingStorage(storage()), 10, List.of());
                JsseTestServer server = new JsseTestServer(restarted.sslContext(), 0)) {
            assertThat(new TlsProbe(pebble.issuingRoots()).serialFor(server.port(), "again.ondemand.example"))
                    .isEqualTo(first);
            assertThat(pebble.countLogLines("Added order")).isEqualTo(ordersBefore);
        }
    }

    private FileStorage storage() {
        return FileStorage.builder(storageDirectory).build();
    }

    private static CertificateManager manager(CountingStorage storage, long maxObtain,
            List<dev.certmagic.event.CertificateEventListener> listeners) {
        CertificateManagerBuilder builder = CertificateManager.builder()
                .storage(storage)
                .clock(Clock.systemUTC())
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@ondemand.example"))
                .onDemand(OnDemandPolicy.builder().allowedDomains(List.of("*.ondemand.example"))
                        .maxObtain(maxObtain).build(),
                        // Fifty first handshakes for one name all wait here: the flood bounds are not under test.
                        gate -> gate.handshakeTimeout(Duration.ofSeconds(60)).maxWaiting(64).maxWaitingPerName(64));
        listeners.forEach(builder::listener);
        return builder.build();
    }
}
