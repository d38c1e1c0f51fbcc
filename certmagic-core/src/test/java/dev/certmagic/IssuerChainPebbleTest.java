package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateRenewedEvent;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuerFailure;
import dev.certmagic.issuance.InternalIssuer;
import dev.certmagic.status.CertificateView;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.AcmeFault;
import dev.certmagic.testsupport.AcmeFaultProxy;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;
import dev.certmagic.testsupport.ToggleProxy;
import dev.certmagic.testsupport.WithPebble;

/**
 * An issuer chain against two real Pebble instances (A, the preferred CA, and B, the fallback), each validating
 * TLS-ALPN-01 on its own port where a real JSSE server with the manager's key manager answers: an order that A
 * cannot take (stopped, rate-limited) is issued by the next issuer within the same attempt, events and the status
 * view name the issuer that issued and the one that failed, and with policy {@code FIRST} the renewal goes back to
 * A once it is reachable again.
 */
@WithPebble(authzReuse = 0)
class IssuerChainPebbleTest {

    static Pebble pebble;

    private static Pebble pebbleB;

    @TempDir
    Path storageDirectory;

    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startSecondCa() {
        pebbleB = Pebble.start(new PebbleSettings(5, 0, 0, true, java.util.Map.of(), 0));
    }

    @AfterAll
    static void stopSecondCa() {
        pebbleB.close();
    }

    @Test
    void aStoppedFirstCaFallsBackToTheSecondInTheSameAttemptAndTheRenewalReturnsToTheFirst() throws Exception {
        try (ToggleProxy proxyA = new ToggleProxy(pebble.directoryUri().getPort())) {
            AcmeIssuerBuilder a = acme(URI.create("https://127.0.0.1:" + proxyA.port() + "/dir"), pebble);
            // B takes another key type than the manager's (EC P-256): each CA of a chain may.
            AcmeIssuerBuilder b = acme(pebbleB.directoryUri(), pebbleB).keyType(KeyType.RSA2048);
            // A is down: its proxy refuses every connection.
            proxyA.stop();
            try (CertificateManager manager = manager(a, b);
                    JsseTestServer serverA = new JsseTestServer(manager.sslContext(), pebble.tlsPort());
                    JsseTestServer serverB = new JsseTestServer(manager.sslContext(), pebbleB.tlsPort())) {
                manager.manageSync(List.of("chain.example"));

                CertificateObtainedEvent obtained = last(CertificateObtainedEvent.class);
                assertThat(obtained.issuerKey()).isEqualTo(b.issuerKey());
                assertThat(obtained.issuerFailures()).extracting(IssuerFailure::issuerKey)
                        .containsExactly(a.issuerKey());
                assertThat(obtained.issuerFailures().get(0).message()).isNotBlank();
                assertThat(obtained.issuerFailures().get(0).retryable()).isTrue();
                assertThat(events).noneMatch(CertificateFailedEvent.class::isInstance);
                assertThat(new TlsProbe(pebbleB.issuingRoots()).leafFor(serverB.port(), "chain.example")
                        .getPublicKey().getAlgorithm()).as("served, verified against B's roots only, B's key type")
                        .isEqualTo("RSA");
                CertificateView view = view(manager, "chain.example");
                assertThat(view.issuerKey()).isEqualTo(b.issuerKey());
                assertThat(view.storageKey()).contains(b.issuerKey());
                assertThat(view.issuerFailures()).extracting(IssuerFailure::issuerKey)
                        .containsExactly(a.issuerKey());

                proxyA.start();
                manager.renew("chain.example");

                CertificateRenewedEvent renewed = last(CertificateRenewedEvent.class);
                assertThat(renewed.issuerKey()).as("policy FIRST: back to the preferred CA").isEqualTo(a.issuerKey());
                assertThat(renewed.issuerFailures()).isEmpty();
                assertThat(new TlsProbe(pebble.issuingRoots()).leafFor(serverA.port(), "chain.example")
                        .getPublicKey().getAlgorithm()).as("served, verified against A's roots only, the manager's key")
                        .isEqualTo("EC");
                CertificateView renewedView = view(manager, "chain.example");
                assertThat(renewedView.issuerKey()).isEqualTo(a.issuerKey());
                assertThat(renewedView.issuerFailures()).isEmpty();
            }
        }
    }

    @Test
    void aCertificateFromAnyIssuerOfTheChainCountsAsPresentAtStartup() throws Exception {
        try (ToggleProxy proxyA = new ToggleProxy(pebble.directoryUri().getPort())) {
            AcmeIssuerBuilder a = acme(URI.create("https://127.0.0.1:" + proxyA.port() + "/dir"), pebble);
            AcmeIssuerBuilder b = acme(pebbleB.directoryUri(), pebbleB);
            proxyA.stop();
            try (CertificateManager manager = manager(a, b);
                    JsseTestServer serverB = new JsseTestServer(manager.sslContext(), pebbleB.tlsPort())) {
                manager.manageSync(List.of("present.chain.example"));
            }
            proxyA.start();
            long ordersA = pebble.countLogLines("Added order");
            long ordersB = pebbleB.countLogLines("Added order");
            events.clear();
            try (CertificateManager restarted = manager(a, b);
                    JsseTestServer server = new JsseTestServer(restarted.sslContext(), 0)) {
                restarted.manageSync(List.of("present.chain.example"));
                assertThat(new TlsProbe(pebbleB.issuingRoots()).serialFor(server.port(), "present.chain.example"))
                        .isNotNull();
                assertThat(view(restarted, "present.chain.example").issuerKey()).isEqualTo(b.issuerKey());
            }
            assertThat(pebble.countLogLines("Added order")).as("no order at A").isEqualTo(ordersA);
            assertThat(pebbleB.countLogLines("Added order")).as("no order at B").isEqualTo(ordersB);
            assertThat(events).noneMatch(CertificateObtainedEvent.class::isInstance);
        }
    }

    @Test
    void aRateLimitedCaAloneWaitsAsToldWhileAChainWithAFallbackGetsACertificateAtOnce() throws Exception {
        try (AcmeFaultProxy limited = AcmeFaultProxy.start(pebble)) {
            MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            AcmeIssuerBuilder a = AcmeIssuer.builder(limited.directoryUri())
                    .trustedRoots(List.of(limited.trustCertificate())).agreed(true).email("ops@chain.example");
            limited.failNewOrders(AcmeFault.rateLimited(Duration.ofHours(2)), 0, 100);
            Instant told = clock.instant().plus(Duration.ofHours(2));

            try (CertificateManager alone = CertificateManager.builder()
                    .storage(FileStorage.builder(storageDirectory.resolve("alone")).clock(clock).build())
                    .clock(clock).httpChallenge(false).listener(events::add).acme(a).build()) {
                assertThatThrownBy(() -> alone.obtain("limited.chain.example"))
                        .isInstanceOfSatisfying(IssuanceException.class,
                                e -> assertThat(e.retryAfter()).contains(told));
                assertThat(last(CertificateFailedEvent.class).nextRetry()).as("waits as the CA said").contains(told);
            }

            events.clear();
            FileStorage chainedStorage = FileStorage.builder(storageDirectory.resolve("chained")).clock(clock).build();
            InternalIssuer local = new InternalIssuer(chainedStorage, InternalIssuer.DEFAULT_LIFETIME, null, clock);
            try (CertificateManager chained = CertificateManager.builder().storage(chainedStorage)
                    .clock(clock).httpChallenge(false).listener(events::add).acme(a).addIssuer(local).build();
                    JsseTestServer server = new JsseTestServer(chained.sslContext(), 0)) {
                chained.obtain("limited.chain.example");
                CertificateObtainedEvent obtained = last(CertificateObtainedEvent.class);
                assertThat(obtained.issuerKey()).isEqualTo(InternalIssuer.ISSUER_KEY);
                assertThat(new TlsProbe(List.of(local.rootCertificate())).serialFor(server.port(),
                        "limited.chain.example")).as("served by the local CA").isNotNull();
                assertThat(obtained.issuerFailures()).singleElement().satisfies(failure -> {
                    assertThat(failure.issuerKey()).isEqualTo(a.issuerKey());
                    assertThat(failure.retryAfter()).isEqualTo(told);
                });
                assertThat(chained.view().nextAttempt("limited.chain.example")).isEmpty();

                // Within A's Retry-After the chain does not ask A again, for any name: straight to the local CA.
                int ordersAtA = limited.newOrderRequests();
                chained.obtain("second.chain.example");
                assertThat(limited.newOrderRequests()).as("A is left alone until it said").isEqualTo(ordersAtA);
                CertificateObtainedEvent second = last(CertificateObtainedEvent.class);
                assertThat(second.issuerKey()).isEqualTo(InternalIssuer.ISSUER_KEY);
                assertThat(second.issuerFailures()).singleElement().satisfies(failure -> {
                    assertThat(failure.message()).contains("asked not to be contacted before " + told);
                    assertThat(failure.retryAfter()).isEqualTo(told);
                });
            }
        }
    }

    private CertificateManager manager(AcmeIssuerBuilder first, AcmeIssuerBuilder second) {
        return CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).build())
                .httpChallenge(false)
                .listener(events::add)
                .acme(first)
                .addAcme(second)
                .build();
    }

    private static AcmeIssuerBuilder acme(URI directory, Pebble ca) {
        return AcmeIssuer.builder(directory).trustedRoots(List.of(ca.trustCertificate())).agreed(true)
                .email("ops@chain.example");
    }

    private static CertificateView view(CertificateManager manager, String name) {
        return manager.view().certificates().stream().filter(view -> view.names().contains(name)).findFirst()
                .orElseThrow();
    }

    private <T extends CertificateEvent> T last(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).reduce((x, y) -> y).orElseThrow();
    }
}
