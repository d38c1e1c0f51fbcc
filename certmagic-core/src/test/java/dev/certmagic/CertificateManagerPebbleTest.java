package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.ToggleProxy;
import dev.certmagic.testsupport.WithPebble;

/**
 * The certificate manager as a JSSE server uses it, against a real Pebble: its own key manager answers
 * TLS-ALPN-01 on Pebble's validation port, serves each name by SNI, survives a restart without new orders, and
 * keeps serving through a CA outage.
 */
@WithPebble(authzReuse = 0)
class CertificateManagerPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @Test
    void obtainsByTlsAlpn01ThroughItsOwnKeyManagerAndServesEachNameBySni() throws Exception {
        try (CertificateManager manager = manager(storageDirectory, Clock.systemUTC(), pebble.directoryUri());
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of("one.manager.example", "two.manager.example"));

            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            X509Certificate one = probe.leafFor(server.port(), "one.manager.example");
            X509Certificate two = probe.leafFor(server.port(), "two.manager.example");

            assertThat(server.acmeTlsHandshakes()).as("Pebble validated through the manager's key manager")
                    .isGreaterThanOrEqualTo(2);
            assertThat(dnsNames(one)).containsExactly("one.manager.example");
            assertThat(dnsNames(two)).containsExactly("two.manager.example");
            assertThatThrownBy(() -> probe.leafFor(server.port(), "unknown.manager.example"))
                    .as("no certificate and no default name: the handshake fails cleanly")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void restartingOverTheSameStorageServesTheSameCertificateWithoutAnOrder() throws Exception {
        BigInteger first;
        try (CertificateManager manager = manager(storageDirectory, Clock.systemUTC(), pebble.directoryUri());
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of("restart.manager.example"));
            first = new TlsProbe(pebble.issuingRoots()).serialFor(server.port(), "restart.manager.example");
        }
        long ordersBefore = pebble.countLogLines("Added order");

        try (CertificateManager restarted = manager(storageDirectory, Clock.systemUTC(), pebble.directoryUri());
                JsseTestServer server = new JsseTestServer(restarted.sslContext(), 0)) {
            restarted.manageSync(List.of("restart.manager.example"));

            assertThat(new TlsProbe(pebble.issuingRoots()).serialFor(server.port(), "restart.manager.example"))
                    .isEqualTo(first);
            assertThat(pebble.countLogLines("Added order")).isEqualTo(ordersBefore);
        }
    }

    @Test
    void aCaOutageDuringRenewalKeepsTheOldCertificateServingAndFollowsTheRetrySchedule() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        List<CertificateEvent> events = new CopyOnWriteArrayList<>();
        try (ToggleProxy proxy = new ToggleProxy(pebble.directoryUri().getPort())) {
            proxy.start();
            URI viaProxy = URI.create("https://127.0.0.1:" + proxy.port() + "/dir");
            try (CertificateManager manager = manager(storageDirectory, clock, viaProxy, events::add);
                    JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
                manager.manageSync(List.of("outage.manager.example"));
                TlsProbe probe = new TlsProbe(pebble.issuingRoots());
                BigInteger before = probe.serialFor(server.port(), "outage.manager.example");

                proxy.stop();
                assertThatThrownBy(() -> manager.renew("outage.manager.example"))
                        .as("the CA is unreachable");

                assertThat(probe.serialFor(server.port(), "outage.manager.example"))
                        .as("the old certificate still serves").isEqualTo(before);
                CertificateFailedEvent failed = events.stream().filter(CertificateFailedEvent.class::isInstance)
                        .map(CertificateFailedEvent.class::cast).reduce((a, b) -> b).orElseThrow();
                assertThat(failed.renewal()).isTrue();
                assertThat(failed.nextRetry()).contains(clock.instant().plus(Duration.ofMinutes(1)));
                assertThat(manager.view().nextAttempt("outage.manager.example"))
                        .contains(clock.instant().plus(Duration.ofMinutes(1)));

                proxy.start();
                assertThatThrownBy(() -> manager.renew("outage.manager.example"))
                        .as("before the scheduled retry no order is placed, even though the CA is back")
                        .hasMessageContaining("next attempt allowed at");

                clock.advance(Duration.ofSeconds(61));
                manager.renew("outage.manager.example");
                assertThat(probe.serialFor(server.port(), "outage.manager.example")).isNotEqualTo(before);
                assertThat(manager.view().nextAttempt("outage.manager.example")).isEmpty();
            }
        }
    }

    static List<String> dnsNames(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
    }

    static CertificateManager manager(Path directory, Clock clock, URI directoryUri,
            dev.certmagic.event.CertificateEventListener... listeners) {
        CertificateManagerBuilder builder = CertificateManager.builder()
                .storage(FileStorage.builder(directory).clock(clock).build())
                .clock(clock)
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(directoryUri).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@manager.example").networkTimeout(Duration.ofSeconds(3)));
        for (var listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }
}
