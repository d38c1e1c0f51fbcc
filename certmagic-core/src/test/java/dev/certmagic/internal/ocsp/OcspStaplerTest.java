package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.OcspStapleUpdatedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.ocsp.RevocationReason;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.OcspResponderServer;

/**
 * The stapler against a real OCSP responder on loopback and a real file storage: what gets stapled, persisted,
 * reused after a restart, refreshed, reported and refused.
 */
class OcspStaplerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock(T0);
    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();
    private final List<OcspStatus> revocations = new CopyOnWriteArrayList<>();
    private OcspTestPki ca;
    private OcspResponderServer responder;
    private Storage storage;

    @BeforeEach
    void startResponder() {
        ca = OcspTestPki.newCa("OCSP Test CA", T0);
        responder = OcspResponderServer.start(clock);
        responder.signWith(ca.keyPair().getPrivate(), ca.certificate(), ca.certificate());
        storage = FileStorage.builder(folder).build();
    }

    @AfterEach
    void stop() throws IOException {
        responder.close();
        storage.close();
    }

    @Test
    void aGoodResponseIsValidatedStapledPersistedAndAnnounced() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "good.example.com");

        ManagedCertificate stapled = stapler(storage).staple(certificate);

        assertThat(stapled.ocspStaple()).isNotNull();
        assertThat(stapled.hash()).isEqualTo(certificate.hash());
        assertThat(storage.load(OcspStapler.storageKey(certificate))).isEqualTo(stapled.ocspStaple());
        OcspStatus status = OcspStapler.status(stapled).orElseThrow();
        assertThat(status.status()).isEqualTo(OcspStatus.Status.GOOD);
        assertThat(status.nextUpdate()).isEqualTo(T0.plus(Duration.ofDays(4)));
        assertThat(events).singleElement().isInstanceOfSatisfying(OcspStapleUpdatedEvent.class, e -> {
            assertThat(e.names()).containsExactly("good.example.com");
            assertThat(e.status()).isEqualTo("good");
        });
        assertThat(responder.requestCount()).isEqualTo(1);
        assertThat(revocations).isEmpty();
    }

    @Test
    void aResponseStoredByAnEarlierVersionUnderItsOwnKeyIsStillUsedAfterTheUpgrade() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "upgrade.example.com");
        byte[] first = stapler(storage).staple(certificate).ocspStaple();
        storage.store(CertMagicStapleKey.legacy(certificate), first);
        storage.delete(OcspStapler.storageKey(certificate));
        responder.failWith(503);

        ManagedCertificate loaded = stapler(storage).staple(certificate);

        assertThat(loaded.ocspStaple()).isEqualTo(first);
        assertThat(responder.requestCount()).isEqualTo(1);
    }

    @Test
    void afterARestartDuringAnOutageTheStoredResponseIsUsedUntilHalfLifeThenARefreshIsAttempted()
            throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "restart.example.com");
        byte[] first = stapler(storage).staple(certificate).ocspStaple();
        responder.failWith(503);

        clock.advance(Duration.ofHours(47));
        try (Storage restarted = FileStorage.builder(folder).build()) {
            OcspStapler afterRestart = stapler(restarted);
            ManagedCertificate loaded = afterRestart.staple(certificate);
            assertThat(loaded.ocspStaple()).isEqualTo(first);
            assertThat(responder.requestCount()).isEqualTo(1);

            clock.advance(Duration.ofHours(2));
            List<ManagedCertificate> updated = afterRestart.refreshAll(List.of(loaded), clock.instant());
            assertThat(responder.requestCount()).isEqualTo(2);
            assertThat(updated).isEmpty();
            assertThat(afterRestart.staple(loaded).ocspStaple()).isEqualTo(first);
        }
    }

    @Test
    void withTheResponderDownTheStoredResponseServesUntilItExpiresAndIsThenDropped() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "down.example.com");
        ManagedCertificate stapled = stapler(storage).staple(certificate);
        responder.close();

        try (Storage restarted = FileStorage.builder(folder).build()) {
            OcspStapler afterRestart = stapler(restarted);
            clock.advance(Duration.ofDays(3));
            assertThat(afterRestart.staple(certificate).ocspStaple()).isEqualTo(stapled.ocspStaple());

            clock.advance(Duration.ofDays(1));
            List<ManagedCertificate> updated = afterRestart.refreshAll(List.of(stapled), clock.instant());
            assertThat(updated).singleElement().satisfies(c -> assertThat(c.ocspStaple()).isNull());
        }
    }

    @Test
    void aDueRefreshReplacesTheStapleAndPersistsTheNewOne() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "refresh.example.com");
        OcspStapler stapler = stapler(storage);
        ManagedCertificate stapled = stapler.staple(certificate);

        assertThat(stapler.refreshAll(List.of(stapled), T0.plus(Duration.ofHours(47)))).isEmpty();
        clock.advance(Duration.ofHours(49));
        List<ManagedCertificate> updated = stapler.refreshAll(List.of(stapled), clock.instant());

        assertThat(updated).singleElement().satisfies(c -> {
            assertThat(OcspStapler.status(c).orElseThrow().thisUpdate()).isEqualTo(clock.instant());
            assertThat(storage.load(OcspStapler.storageKey(c))).isEqualTo(c.ocspStaple());
        });
        assertThat(responder.requestCount()).isEqualTo(2);
    }

    @Test
    void aRevokedStatusIsStapledAndReportedWithItsReason() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "revoked.example.com");
        responder.revoked(certificate.leaf().getSerialNumber(), 1, T0.minusSeconds(600));

        ManagedCertificate stapled = stapler(storage).staple(certificate);

        assertThat(revocations).singleElement().satisfies(status -> {
            assertThat(status.status()).isEqualTo(OcspStatus.Status.REVOKED);
            assertThat(status.reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
            assertThat(status.reason().requiresNewKey()).isTrue();
            assertThat(status.revokedAt()).isEqualTo(T0.minusSeconds(600));
        });
        assertThat(OcspStapler.status(stapled).orElseThrow().status()).isEqualTo(OcspStatus.Status.REVOKED);
        assertThat(events).singleElement().extracting(e -> ((OcspStapleUpdatedEvent) e).status())
                .isEqualTo("revoked");
    }

    @Test
    void aStoredRevokedResponseIsReportedAgainAfterARestart() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "revoked-restart.example.com");
        responder.revoked(certificate.leaf().getSerialNumber(), 4, T0.minusSeconds(600));
        stapler(storage).staple(certificate);
        responder.close();

        try (Storage restarted = FileStorage.builder(folder).build()) {
            stapler(restarted).staple(certificate);
        }

        assertThat(revocations).hasSize(2).allSatisfy(s -> {
            assertThat(s.reason()).isEqualTo(RevocationReason.SUPERSEDED);
            assertThat(s.reason().requiresNewKey()).isFalse();
        });
    }

    @Test
    void anUnknownStatusIsNeitherStapledNorPersisted() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "unknown.example.com");
        responder.unknown(certificate.leaf().getSerialNumber());

        ManagedCertificate result = stapler(storage).staple(certificate);

        assertThat(result.ocspStaple()).isNull();
        assertThat(responder.requestCount()).isEqualTo(1);
        assertThat(storage.exists(OcspStapler.storageKey(certificate))).isFalse();
    }

    @Test
    void aCertificateWithoutAnOcspUrlCausesNoRequestAndNoLogAboveDebug() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, null, "silent.example.com");
        OcspStapler stapler = stapler(storage);

        try (StderrCapture log = StderrCapture.start()) {
            ManagedCertificate result = stapler.staple(certificate);
            List<ManagedCertificate> updated = stapler.refreshAll(List.of(certificate), T0.plus(Duration.ofDays(9)));

            assertThat(result).isSameAs(certificate);
            assertThat(updated).isEmpty();
            assertThat(log.text()).doesNotContain("dev.certmagic.internal.ocsp");
        }
        assertThat(responder.requestCount()).isZero();
        assertThat(stapler.responderFor(certificate)).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void theLogCaptureSeesAWarningWhenAResponderFails() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "loud.example.com");
        responder.failWith(500);

        try (StderrCapture log = StderrCapture.start()) {
            stapler(storage).staple(certificate);
            assertThat(log.text()).contains("WARN").contains("dev.certmagic.internal.ocsp").contains("HTTP 500");
        }
    }

    @Test
    void aDefaultResponderServesCertificatesThatNameNoneAndOverridesReplaceNamedOnes() throws Exception {
        ManagedCertificate unnamed = ca.leaf(T0, null, "default.example.com");
        URI elsewhere = URI.create("http://ocsp.invalid/");
        ManagedCertificate named = ca.leaf(T0, elsewhere, "override.example.com");
        OcspStapler stapler = new OcspStapler(storage, OcspClient.withDefaults(), new OcspOptions(
                Map.of(elsewhere, responder.url()), responder.url(), Duration.ofMinutes(5)),
                dispatcher(), (c, s) -> revocations.add(s), clock);

        List<ManagedCertificate> updated = stapler.refreshAll(List.of(unnamed, named), T0);

        assertThat(updated).hasSize(2).allSatisfy(c -> assertThat(c.ocspStaple()).isNotNull());
        assertThat(responder.requestCount()).isEqualTo(2);
    }

    @Test
    void aRejectedResponseIsNeitherStapledNorPersisted() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "bogus.example.com");
        OcspTestPki stranger = OcspTestPki.newCa("Stranger CA", T0);
        responder.signWith(stranger.keyPair().getPrivate(), stranger.certificate(), ca.certificate());

        ManagedCertificate result = stapler(storage).staple(certificate);

        assertThat(result.ocspStaple()).isNull();
        assertThat(storage.exists(OcspStapler.storageKey(certificate))).isFalse();
        assertThat(events).isEmpty();
        assertThat(responder.requestCount()).isEqualTo(1);
    }

    @Test
    void aStoredResponseThatNoLongerValidatesIsIgnoredAndReplaced() throws Exception {
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "tampered.example.com");
        storage.store(OcspStapler.storageKey(certificate), new byte[] {0x30, 0x03, 0x0a, 0x01, 0x00});

        ManagedCertificate result = stapler(storage).staple(certificate);

        assertThat(OcspStapler.status(result).orElseThrow().status()).isEqualTo(OcspStatus.Status.GOOD);
        assertThat(responder.requestCount()).isEqualTo(1);
        assertThatStored(certificate, result.ocspStaple());
    }

    private void assertThatStored(ManagedCertificate certificate, byte[] expected) throws IOException {
        try {
            assertThat(storage.load(OcspStapler.storageKey(certificate))).isEqualTo(expected);
        } catch (KeyNotFoundException e) {
            throw new AssertionError("nothing stored", e);
        }
    }

    private OcspStapler stapler(Storage store) {
        return new OcspStapler(store, OcspClient.withDefaults(), OcspOptions.DEFAULTS, dispatcher(),
                (certificate, status) -> revocations.add(status), clock);
    }

    private CertificateEventDispatcher dispatcher() {
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        dispatcher.addListener(events::add);
        return dispatcher;
    }
}
