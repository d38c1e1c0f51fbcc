package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
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
import dev.certmagic.internal.maintenance.Maintainer;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * A 2-minute certificate from a real Pebble under the default 10-minute check interval: maintenance adapts its
 * delay to the certificate (a tenth of its lifetime at most), so the certificate is renewed at half its life, long
 * before it expires, while concurrent clients keep handshaking without a failure. Time is a virtual clock moved
 * past the renewal time; the server, the CA and the scheduler are real.
 */
@WithPebble(validityPeriodSeconds = 120, authzReuse = 0)
class ShortLivedRenewalPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @Test
    void aTwoMinuteCertificateIsRenewedAtHalfLifeUnderTheDefaultCheckInterval() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (CertificateManager manager = CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).clock(clock).build())
                .clock(clock)
                .httpChallenge(false)
                .renewalCheckInterval(Maintainer.DEFAULT_CHECK_INTERVAL)
                .renewalPolicy(new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 7))
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@short.example"))
                .build();
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of("short.manager.example"));
            manager.start();
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            java.security.cert.X509Certificate leaf = probe.leafFor(server.port(), "short.manager.example");
            BigInteger first = leaf.getSerialNumber();
            Instant notBefore = leaf.getNotBefore().toInstant();
            Instant halfLife = notBefore.plus(Duration.between(notBefore, leaf.getNotAfter().toInstant())
                    .dividedBy(2));

            Set<BigInteger> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger handshakes = new AtomicInteger();
            AtomicInteger failures = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread client = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            seen.add(probe.serialFor(server.port(), "short.manager.example"));
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
                // Just past half of the 2 minutes: due, and about a minute before the certificate expires.
                clock.set(halfLife.plusSeconds(1));
                // One adapted delay (12 s at most) plus the order; a fixed 10-minute interval would never make it.
                await().atMost(Duration.ofSeconds(45)).until(() -> seen.size() >= 2);
                int atSwap = handshakes.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> handshakes.get() >= atSwap + 10);
            } finally {
                stop.set(true);
                for (Thread client : clients) {
                    client.join(15_000);
                }
            }
            BigInteger renewed = probe.serialFor(server.port(), "short.manager.example");
            assertThat(renewed).isNotEqualTo(first);
            assertThat(failures.get()).as("failed handshakes during %d handshakes", handshakes.get()).isZero();
        }
    }
}
