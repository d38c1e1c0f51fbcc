package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * Renewal against a real Pebble issuing 10-minute certificates: the manager's own maintenance renews when the
 * certificate is due (time moved forward on a virtual clock), swaps the new certificate in while clients keep
 * handshaking, and a second manager on the same storage picks the renewal up within one check interval.
 */
@WithPebble(validityPeriodSeconds = 600, authzReuse = 0)
class CertificateManagerRenewalPebbleTest {

    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private static final Duration PEER_CHECK_SLACK = Duration.ofSeconds(15);

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @Test
    void maintenanceRenewsADueCertificateAndSwapsItInWithoutAFailedHandshake() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (CertificateManager manager = manager(storageDirectory, clock);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of("renew.manager.example"));
            manager.start();
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            BigInteger first = probe.serialFor(server.port(), "renew.manager.example");

            Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger handshakes = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            seen.add(probe.serialFor(server.port(), "renew.manager.example"));
                            handshakes.incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> handshakes.get() >= 10);
                // Short lifetimes renew when half remains: 5 of the 10 minutes.
                clock.advance(Duration.ofMinutes(6));

                await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= 2);
                int atSwap = handshakes.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> handshakes.get() >= atSwap + 10);
            } finally {
                stop.set(true);
                for (Thread client : clients) {
                    client.join(15_000);
                }
            }

            BigInteger renewed = probe.serialFor(server.port(), "renew.manager.example");
            assertThat(renewed).isNotEqualTo(first);
            assertThat(seen).containsExactlyInAnyOrder(first, renewed);
            assertThat(failures.get()).as("failed handshakes during %d handshakes", handshakes.get()).isZero();
        }
    }

    @Test
    void aPeerOnTheSameStorageServesTheRenewedCertificateWithinOneCheckInterval() throws Exception {
        MutableClock renewerClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (CertificateManager renewer = manager(storageDirectory, renewerClock);
                JsseTestServer renewerServer = new JsseTestServer(renewer.sslContext(), pebble.tlsPort())) {
            renewer.manageSync(List.of("peer.manager.example"));
            long orders = pebble.countLogLines("Added order");
            try (CertificateManager peer = manager(storageDirectory, Clock.systemUTC());
                    JsseTestServer peerServer = new JsseTestServer(peer.sslContext(), 0)) {
                peer.manageSync(List.of("peer.manager.example"));
                peer.start();
                TlsProbe probe = new TlsProbe(pebble.issuingRoots());
                BigInteger first = probe.serialFor(peerServer.port(), "peer.manager.example");
                assertThat(pebble.countLogLines("Added order")).as("the peer loaded from storage").isEqualTo(orders);

                BigInteger renewed = renewer.renew("peer.manager.example").leaf().getSerialNumber();
                // The peer learns of the renewal only through its maintenance check. The deadline is one interval
                // plus slack for the check itself on a loaded CI machine; the peer never reloading fails it.
                await().atMost(CHECK_INTERVAL.plus(PEER_CHECK_SLACK)).pollInterval(Duration.ofMillis(50))
                        .until(() -> probe.serialFor(peerServer.port(), "peer.manager.example").equals(renewed));
                assertThat(renewed).isNotEqualTo(first);
            }
        }
    }

    private static CertificateManager manager(Path directory, Clock clock) {
        return CertificateManager.builder()
                .storage(FileStorage.builder(directory).clock(clock).build())
                .clock(clock)
                .httpChallenge(false)
                .renewalCheckInterval(CHECK_INTERVAL)
                .renewalPolicy(new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 42))
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@manager.example"))
                .build();
    }
}
