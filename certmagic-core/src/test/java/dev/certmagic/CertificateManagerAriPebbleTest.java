package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.toolbox.JSON;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.AcmeFaultProxy;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * The manager with a CA that offers ACME Renewal Information (Pebble behind {@link AcmeFaultProxy}): the cached
 * certificate carries the CA's window, a restart takes it from storage without asking the CA, and when the CA
 * moves the window into the past (it wants the certificate replaced, e.g. before revoking it) the maintenance
 * notices once the CA's {@code Retry-After} has passed and renews, naming the replaced certificate.
 */
@WithPebble(authzReuse = 0)
class CertificateManagerAriPebbleTest {

    private static final Duration CHECK_INTERVAL = Duration.ofMillis(300);
    private static final RenewalPolicy POLICY = new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 42);

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    private AcmeFaultProxy proxy;
    private MutableClock clock;
    private RenewalWindow offered;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = AcmeFaultProxy.start(pebble);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant start = clock.instant().plus(Duration.ofDays(30));
        offered = new RenewalWindow(start, start.plus(Duration.ofDays(1)));
        proxy.defaultRenewalWindow(offered.start(), offered.end());
        proxy.renewalInfoRetryAfter(Duration.ofMinutes(1));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void theCachedCertificateCarriesTheWindowAndARestartTakesItFromStorageWithoutAskingTheCa() throws Exception {
        String certId;
        try (CertificateManager manager = manager();
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of("window.ari.example"));
            ManagedCertificate cached = manager.view().cached("window.ari.example").get(0);

            assertThat(cached.renewalWindow()).isEqualTo(offered);
            assertThat(POLICY.renewalTime(cached)).isBetween(offered.start(), offered.end());
            certId = AcmeUtils.getRenewalUniqueIdentifier(cached.leaf());
            assertThat(proxy.renewalInfoRequests(certId)).isEqualTo(1);
            assertThat(server.acmeTlsHandshakes()).as("validated through the manager's key manager").isPositive();
        }

        // Pebble dates notBefore at issuance, a few seconds after the virtual clock's start.
        clock.advance(Duration.ofSeconds(30));
        try (CertificateManager restarted = manager()) {
            restarted.manageSync(List.of("window.ari.example"));

            assertThat(restarted.view().cached("window.ari.example").get(0).renewalWindow()).isEqualTo(offered);
            assertThat(proxy.renewalInfoRequests(certId)).as("the stored answer is still fresh").isEqualTo(1);
        }
    }

    @Test
    void aWindowMovedIntoThePastIsRenewedByMaintenanceOnceTheCasRetryAfterHasPassed() throws Exception {
        try (CertificateManager manager = manager();
                JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of("revoked.ari.example"));
            TlsProbe probe = new TlsProbe(pebble.issuingRoots());
            BigInteger first = probe.serialFor(server.port(), "revoked.ari.example");
            String certId = AcmeUtils.getRenewalUniqueIdentifier(manager.view().cached("revoked.ari.example").get(0)
                    .leaf());
            proxy.renewalWindow(certId, clock.instant().minus(Duration.ofHours(2)),
                    clock.instant().minus(Duration.ofHours(1)));
            manager.start();

            await().during(CHECK_INTERVAL.multipliedBy(3)).atMost(CHECK_INTERVAL.multipliedBy(6))
                    .until(() -> proxy.renewalInfoRequests(certId) == 1
                            && probe.serialFor(server.port(), "revoked.ari.example").equals(first));

            clock.advance(Duration.ofSeconds(61));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !probe.serialFor(server.port(), "revoked.ari.example").equals(first));

            assertThat(proxy.renewalInfoRequests(certId)).isGreaterThanOrEqualTo(2);
            List<String> payloads = proxy.newOrderPayloads();
            assertThat(JSON.parse(payloads.get(payloads.size() - 1)).get("replaces").asString()).isEqualTo(certId);
            assertThat(manager.view().cached("revoked.ari.example").get(0).renewalWindow())
                    .as("the new certificate has the CA's normal window again").isEqualTo(offered);
        }
    }

    private CertificateManager manager() {
        return CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).clock(clock).build())
                .clock(clock)
                .httpChallenge(false)
                .renewalCheckInterval(CHECK_INTERVAL)
                .renewalPolicy(POLICY)
                .acme(AcmeIssuer.builder(proxy.directoryUri()).trustedRoots(List.of(proxy.trustCertificate()))
                        .agreed(true).email("ops@ari.example"))
                .build();
    }
}
