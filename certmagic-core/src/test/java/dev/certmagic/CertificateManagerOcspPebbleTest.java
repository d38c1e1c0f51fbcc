package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateRenewedEvent;
import dev.certmagic.event.OcspStapleUpdatedEvent;
import dev.certmagic.internal.crypto.FastHash;
import dev.certmagic.internal.ocsp.OcspStapler;
import dev.certmagic.internal.ocsp.OcspStatus;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.ocsp.RevocationReason;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.OcspResponderServer;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;
import dev.certmagic.testsupport.ToggleProxy;

/**
 * OCSP through the certificate manager, against a real Pebble whose certificates name a responder run by the
 * test ({@code ocspResponderURL}); the responder signs with Pebble's own intermediate key. Each scenario serves
 * through a plain JSSE server with the manager's {@code SSLContext} (it also answers TLS-ALPN-01 for Pebble).
 * The responder is started before Pebble, whose configuration needs its URL, so Pebble is started here rather
 * than by {@code @WithPebble}.
 */
class CertificateManagerOcspPebbleTest {

    private static OcspResponderServer responder;
    private static Pebble pebble;

    @TempDir
    Path storageDirectory;

    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCaAndResponder() {
        responder = OcspResponderServer.start(Clock.systemUTC());
        pebble = Pebble.start(PebbleSettings.DEFAULTS.withOcspResponderUrl(responder.url().toString()));
        X509Certificate intermediate = pebble.intermediates().get(0);
        responder.signWith(pebble.intermediateKey(), intermediate, intermediate);
    }

    @AfterAll
    static void stop() {
        responder.close();
        if (pebble != null) {
            pebble.close();
        }
    }

    @AfterEach
    void heal() {
        responder.failWith(0);
    }

    @Test
    void aManagedCertificateIsStapledPersistedAndKeepsItsStapleAfterARestartWhileTheResponderIsDown()
            throws Exception {
        String name = "good.ocsp-manager.example";
        responder.validity(Duration.ofHours(2));
        ManagedCertificate first;
        try (CertificateManager manager = manager(Clock.systemUTC(), pebble.directoryUri(), IssuancePolicy.DEFAULT);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of(name));

            first = manager.view().cached(name).get(0);
            assertThat(OcspStapler.status(first)).map(OcspStatus::status).contains(OcspStatus.Status.GOOD);
            String certMagicKey = StorageKeys.ocspStaple(name, FastHash.of(PemCodec.writeCertificates(first.chain())));
            assertThat(manager.view().storage().load(certMagicKey))
                    .as("persisted under Go CertMagic's key").isEqualTo(first.ocspStaple());
            assertThat(events).filteredOn(OcspStapleUpdatedEvent.class::isInstance)
                    .map(OcspStapleUpdatedEvent.class::cast)
                    .anySatisfy(event -> assertThat(event.names()).containsExactly(name))
                    .allSatisfy(event -> assertThat(event.status()).isEqualTo("good"));
        }

        responder.failWith(503);
        int requests = responder.requestCount();
        MutableClock clock = new MutableClock(Instant.now());
        try (CertificateManager restarted = manager(clock, pebble.directoryUri(), IssuancePolicy.DEFAULT)) {
            restarted.start();
            restarted.manageSync(List.of(name));
            assertThat(staple(restarted, name)).as("the stored response, without asking the responder")
                    .isEqualTo(first.ocspStaple());
            assertThat(responder.requestCount()).isEqualTo(requests);

            clock.advance(Duration.ofMinutes(61));
            await().atMost(Duration.ofSeconds(20)).until(() -> responder.requestCount() > requests);
            assertThat(staple(restarted, name)).as("past half-life a failed refresh keeps the valid response")
                    .isEqualTo(first.ocspStaple());

            clock.advance(Duration.ofMinutes(60));
            await().atMost(Duration.ofSeconds(20)).until(() -> staple(restarted, name) == null);
        }
    }

    @Test
    void aKeyCompromiseRevocationIsReplacedWithANewKeyWithoutARestartEvenWithKeyReuseOn() throws Exception {
        String name = "revoked.ocsp-manager.example";
        responder.validity(Duration.ofSeconds(6));
        IssuancePolicy reuse = new IssuancePolicy(KeyType.EC256, true, false);
        try (CertificateManager manager = manager(Clock.systemUTC(), pebble.directoryUri(), reuse);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.start();
            manager.manageSync(List.of(name));
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            X509Certificate before = probe.leafFor(server.port(), name);
            String issuerKey = manager.view().cached(name).get(0).issuerKey();
            byte[] oldKey = manager.view().storage().load(StorageKeys.sitePrivateKey(issuerKey, name));
            long orders = pebble.countLogLines("Added order");
            Instant revokedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

            responder.revoked(before.getSerialNumber(), RevocationReason.KEY_COMPROMISE.code(), revokedAt);

            await().atMost(Duration.ofSeconds(90))
                    .until(() -> !probe.serialFor(server.port(), name).equals(before.getSerialNumber()));
            X509Certificate after = probe.leafFor(server.port(), name);
            assertThat(after.getPublicKey()).as("a new key despite key reuse").isNotEqualTo(before.getPublicKey());
            assertThat(manager.view().storage().load(StorageKeys.archivedPrivateKey(issuerKey, name, revokedAt)))
                    .as("the compromised key is archived").isEqualTo(oldKey);
            assertThat(manager.view().storage().load(StorageKeys.sitePrivateKey(issuerKey, name))).isNotEqualTo(oldKey);
            await().atMost(Duration.ofSeconds(10)).until(() -> manager.view().revokedNames().isEmpty());
            assertThat(OcspStapler.status(manager.view().cached(name).get(0))).map(OcspStatus::status)
                    .as("the replacement is stapled too").contains(OcspStatus.Status.GOOD);
            assertThat(events).filteredOn(OcspStapleUpdatedEvent.class::isInstance)
                    .map(OcspStapleUpdatedEvent.class::cast).anySatisfy(event -> assertThat(event.status())
                            .isEqualTo("revoked"));
            assertThat(events).filteredOn(CertificateRenewedEvent.class::isInstance)
                    .as("revoked responses keep arriving every 3 s, yet one renewal").hasSize(1);
            assertThat(pebble.countLogLines("Added order")).isEqualTo(orders + 1);
        }
    }

    @Test
    void aRevokedCertificateWhoseReplacementFailsIsNoLongerServedAndSaysSo() throws Exception {
        String name = "unreplaceable.ocsp-manager.example";
        responder.validity(Duration.ofSeconds(6));
        try (ToggleProxy proxy = new ToggleProxy(pebble.directoryUri().getPort())) {
            proxy.start();
            URI viaProxy = URI.create("https://127.0.0.1:" + proxy.port() + "/dir");
            try (CertificateManager manager = manager(Clock.systemUTC(), viaProxy, IssuancePolicy.DEFAULT);
                    JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
                manager.start();
                manager.manageSync(List.of(name));
                TlsProbe probe = new TlsProbe(pebble.issuingRoots());
                BigInteger serial = probe.serialFor(server.port(), name);

                proxy.stop();
                responder.revoked(serial, RevocationReason.SUPERSEDED.code(), Instant.now().minusSeconds(60));

                await().atMost(Duration.ofSeconds(90)).until(() -> events.stream()
                        .filter(CertificateFailedEvent.class::isInstance).map(CertificateFailedEvent.class::cast)
                        .anyMatch(failed -> failed.cause().getMessage().contains("was revoked")));
                assertThatThrownBy(() -> probe.leafFor(server.port(), name))
                        .as("the revoked certificate is no longer served").isInstanceOf(IOException.class);
                assertThat(manager.view().cached(name)).isEmpty();
                assertThat(manager.view().revokedNames()).containsExactly(name);
            }
        }
    }

    private static byte[] staple(CertificateManager manager, String name) {
        return manager.view().cached(name).get(0).ocspStaple();
    }

    private CertificateManager manager(Clock clock, URI directory, IssuancePolicy policy) {
        return CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).clock(clock).build())
                .clock(clock)
                .httpChallenge(false)
                .issuancePolicy(policy)
                .ocspCheckInterval(Duration.ofMillis(250))
                .listener(events::add)
                .acme(AcmeIssuer.builder(directory).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@ocsp-manager.example").networkTimeout(Duration.ofSeconds(3)))
                .build();
    }
}
