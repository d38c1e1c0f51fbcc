package dev.certmagic.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SNIHostName;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.TlsTestClient;
import dev.certmagic.tls.TlsTestServer;

/**
 * Renewal swaps while clients handshake: no client may fail, and clients end up seeing the newest certificate.
 */
class SniKeyManagerHotSwapTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Swap Root").build();

    @Test
    void concurrentHandshakesNeverFailWhileTheCertificateIsSwappedInALoop() throws Exception {
        KeyPair key = TestKeys.ec();
        List<ManagedCertificate> generations = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            generations.add(TestManagedCertificates.issue(CA, key, true, "swap.test", "www.swap.test"));
        }
        CertificateCache cache = new CertificateCache(Clock.systemUTC());
        cache.add(generations.get(0));
        TlsTestClient client = TlsTestClient.trusting(CA.certificate());
        Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
        List<Throwable> clientFailures = new CopyOnWriteArrayList<>();
        AtomicInteger handshakes = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<BigInteger> lastSeen = new AtomicReference<>();
        Semaphore handshakeDone = new Semaphore(0);

        try (TlsTestServer server = TlsTestServer.start(new SniKeyManager(cache, ChallengeCertificates.NONE, null))) {
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                String name = t % 2 == 0 ? "swap.test" : "www.swap.test";
                Thread thread = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            BigInteger serial = client.connect(server.port(), List.of(new SNIHostName(name)))
                                    .leaf().getSerialNumber();
                            seen.add(serial);
                            lastSeen.set(serial);
                            handshakes.incrementAndGet();
                            handshakeDone.release();
                        } catch (Throwable e) {
                            clientFailures.add(e);
                        }
                    }
                }, "swap-client-" + t);
                thread.start();
                clients.add(thread);
            }

            // Swap each time a handshake completes, while the other clients are in the middle of theirs.
            ManagedCertificate current = generations.get(0);
            int swaps = 0;
            while (handshakes.get() < 200 && clientFailures.isEmpty()) {
                if (!handshakeDone.tryAcquire(30, TimeUnit.SECONDS)) {
                    break;
                }
                ManagedCertificate next = generations.get(1 + swaps % (generations.size() - 2));
                cache.replace(current, next);
                current = next;
                swaps++;
            }
            ManagedCertificate newest = generations.get(generations.size() - 1);
            cache.replace(current, newest);
            BigInteger newestSerial = newest.leaf().getSerialNumber();
            await().atMost(Duration.ofSeconds(30)).until(() -> newestSerial.equals(lastSeen.get())
                    || !clientFailures.isEmpty());

            stop.set(true);
            for (Thread thread : clients) {
                thread.join(30_000);
            }
            assertThat(clientFailures).as("failed client handshakes").isEmpty();
            assertThat(server.cleanFailures()).as("failed server handshakes").isZero();
            assertThat(server.unexpected()).isEmpty();
            assertThat(seen).as("distinct serials served during the swaps").hasSizeGreaterThan(2);
            assertThat(swaps).isGreaterThan(100);
            for (String name : List.of("swap.test", "www.swap.test")) {
                assertThat(client.connect(server.port(), List.of(new SNIHostName(name))).leaf().getSerialNumber())
                        .isEqualTo(newestSerial);
            }
        }
    }
}
