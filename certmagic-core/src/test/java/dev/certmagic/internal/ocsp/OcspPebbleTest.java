package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
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
import dev.certmagic.acme.challenge.Dns01Solver;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.dns.ChallTestSrvDnsProvider;
import dev.certmagic.dns.JndiTxtLookup;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.ocsp.RevocationReason;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.OcspResponderServer;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;

/**
 * OCSP for certificates issued by a real ACME CA: Pebble writes our test responder's URL into every certificate
 * ({@code ocspResponderURL}), and the responder signs with Pebble's own intermediate key, fetched from Pebble's
 * management API, so the responses are signed by the real issuer of the certificate.
 */
class OcspPebbleTest {

    @TempDir
    static Path folder;

    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static OcspResponderServer responder;
    private static Pebble pebble;
    private static Storage storage;
    private static AcmeIssuer issuer;

    private final List<OcspStatus> revocations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startCaAndResponder() {
        responder = OcspResponderServer.start(CLOCK);
        pebble = Pebble.start(PebbleSettings.DEFAULTS.withOcspResponderUrl(responder.url().toString()));
        X509Certificate intermediate = pebble.intermediates().get(0);
        responder.signWith(pebble.intermediateKey(), intermediate, intermediate);
        storage = FileStorage.builder(folder.resolve("storage")).build();
        issuer = AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).email("ops@example.com")
                .solver(new Dns01Solver(new ChallTestSrvDnsProvider(pebble), new JndiTxtLookup("127.0.0.1:"
                        + pebble.dnsPort()), Duration.ofSeconds(10), Duration.ofMillis(100)))
                .build(storage, java.time.Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        responder.close();
        if (pebble != null) {
            pebble.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    @Test
    void aPebbleCertificateGetsAGoodPersistedResponseThatOutlivesARestartDuringAnOutage() throws Exception {
        ManagedCertificate certificate = obtain("ocsp-good.example.com");
        assertThat(OcspStapler.aiaResponder(certificate.leaf())).contains(responder.url());
        int before = responder.requestCount();

        ManagedCertificate stapled = stapler(storage).staple(certificate);

        assertThat(OcspStapler.status(stapled).orElseThrow().status()).isEqualTo(OcspStatus.Status.GOOD);
        assertThat(storage.load(OcspStapler.storageKey(certificate))).isEqualTo(stapled.ocspStaple());
        assertThat(responder.requestCount()).isEqualTo(before + 1);

        responder.failWith(503);
        try (Storage restarted = FileStorage.builder(folder.resolve("storage")).build()) {
            OcspStapler afterRestart = stapler(restarted);
            CLOCK.advance(Duration.ofHours(47));
            assertThat(afterRestart.staple(certificate).ocspStaple()).isEqualTo(stapled.ocspStaple());
            assertThat(responder.requestCount()).isEqualTo(before + 1);

            CLOCK.advance(Duration.ofHours(2));
            assertThat(afterRestart.refreshAll(List.of(stapled), CLOCK.instant())).isEmpty();
            assertThat(responder.requestCount()).isEqualTo(before + 2);
        } finally {
            responder.failWith(0);
        }
    }

    @Test
    void aRevokedPebbleCertificateIsReportedWithKeyCompromise() throws Exception {
        ManagedCertificate certificate = obtain("ocsp-revoked.example.com");
        responder.revoked(certificate.leaf().getSerialNumber(), RevocationReason.KEY_COMPROMISE.code(),
                CLOCK.instant().minusSeconds(60));

        ManagedCertificate stapled = stapler(storage).staple(certificate);

        assertThat(OcspStapler.status(stapled).orElseThrow().status()).isEqualTo(OcspStatus.Status.REVOKED);
        assertThat(revocations).singleElement().satisfies(status -> {
            assertThat(status.reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
            assertThat(status.reason().requiresNewKey()).isTrue();
        });
    }

    private ManagedCertificate obtain(String name) throws Exception {
        ObtainFlow flow = new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT, new RetrySchedule(storage,
                java.time.Clock.systemUTC()), new CertificateEventDispatcher(), java.time.Clock.systemUTC());
        StoredCertificate stored = flow.obtain(List.of(name));
        return ManagedCertificate.of(stored.chain(), stored.privateKey(), true, issuer.issuerKey());
    }

    private OcspStapler stapler(Storage store) {
        return new OcspStapler(store, OcspClient.withDefaults(), OcspOptions.DEFAULTS,
                new CertificateEventDispatcher(), (certificate, status) -> revocations.add(status), CLOCK);
    }
}
