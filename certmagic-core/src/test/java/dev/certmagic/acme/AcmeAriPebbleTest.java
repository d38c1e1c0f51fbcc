package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.AcmeUtils;
import org.shredzone.acme4j.toolbox.JSON;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RenewFlow;
import dev.certmagic.internal.issuance.RenewalInfoRefresh;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.AcmeFault;
import dev.certmagic.testsupport.AcmeFaultProxy;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * ACME Renewal Information (RFC 9773) through the flows, against Pebble behind {@link AcmeFaultProxy} (Pebble
 * 2.4.0 has no ARI): the CA's window is stored with the certificate and drives the renewal time, a renewal names
 * the certificate it replaces, and the window is asked for again only when the CA's {@code Retry-After} allows.
 */
@WithPebble(authzReuse = 0)
class AcmeAriPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();
    private AcmeFaultProxy proxy;
    private FileStorage storage;
    private Http01TestServer httpServer;
    private ChallengeStore challenges;
    private MutableClock clock;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = AcmeFaultProxy.start(pebble);
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        storage = FileStorage.builder(storageDirectory).clock(clock).build();
        challenges = new ChallengeStore(storage, "test-ca");
        httpServer = new Http01TestServer(pebble.httpPort(), new Http01Responder(challenges));
    }

    @AfterEach
    void stopProxy() throws Exception {
        httpServer.close();
        storage.close();
        proxy.close();
    }

    @Test
    void anOfferedWindowIsStoredWithTheCertificateAndTheRenewalTimeFallsInsideIt() throws Exception {
        Instant start = clock.instant().plus(Duration.ofDays(20));
        Instant end = start.plus(Duration.ofDays(2));
        proxy.defaultRenewalWindow(start, end);
        proxy.renewalInfoRetryAfter(Duration.ofHours(2));
        ObtainFlow flow = flow();

        StoredCertificate obtained = flow.obtain(List.of("ari-window.example.com"));

        RenewalWindow window = new RenewalWindow(start, end);
        assertThat(obtained.renewalInfo()).isNotNull();
        assertThat(obtained.renewalInfo().window()).isEqualTo(window);
        assertThat(obtained.renewalInfo().nextCheck()).as("the CA's Retry-After sets when to ask again")
                .isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        StoredCertificate reloaded = flow.stored("ari-window.example.com").orElseThrow();
        assertThat(reloaded.renewalInfo()).as("kept in the metadata").isEqualTo(obtained.renewalInfo());
        assertThat(proxy.renewalInfoRequests(AcmeUtils.getRenewalUniqueIdentifier(obtained.leaf()))).isEqualTo(1);

        ManagedCertificate managed = ManagedCertificate.of(reloaded.chain(), reloaded.privateKey(), true,
                reloaded.issuerKey()).withRenewalWindow(reloaded.renewalInfo().window());
        Instant renewalTime = new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 42).renewalTime(managed);
        assertThat(renewalTime).isBetween(start, end);
        Instant withoutAri = new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 42)
                .renewalTime(managed.withRenewalWindow(null));
        assertThat(withoutAri).as("Pebble's five-year lifetime alone would renew much later")
                .isAfter(end.plus(Duration.ofDays(365)));
    }

    @Test
    void aRenewalSendsReplacesWithTheOldCertificatesAriCertId() throws Exception {
        offerWindowInTwentyDays();
        ObtainFlow flow = flow();
        StoredCertificate first = flow.obtain(List.of("ari-replaces.example.com"));
        assertThat(JSON.parse(lastPayload()).contains("replaces")).as("a first order replaces nothing").isFalse();

        StoredCertificate renewed = new RenewFlow(flow, clock).renew(first);

        assertThat(renewed.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
        assertThat(JSON.parse(lastPayload()).get("replaces").asString())
                .isEqualTo(AcmeUtils.getRenewalUniqueIdentifier(first.leaf()));
    }

    @Test
    void aCaThatAnswersAlreadyReplacedGetsAPlainOrderAndTheRenewalSucceeds() throws Exception {
        offerWindowInTwentyDays();
        ObtainFlow flow = flow();
        StoredCertificate first = flow.obtain(List.of("ari-already.example.com"));
        proxy.failNewOrders(new AcmeFault(409, "urn:ietf:params:acme:error:alreadyReplaced",
                "That certificate was already replaced", null), 0, 1);
        int ordersBefore = proxy.newOrderPayloads().size();

        StoredCertificate renewed = new RenewFlow(flow, clock).renew(first);

        assertThat(renewed.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
        List<String> payloads = proxy.newOrderPayloads().subList(ordersBefore, proxy.newOrderPayloads().size());
        assertThat(JSON.parse(payloads.get(0)).contains("replaces")).as("first try names the old one").isTrue();
        assertThat(JSON.parse(payloads.get(payloads.size() - 1)).contains("replaces"))
                .as("the retry does not").isFalse();
    }

    @Test
    void theWindowIsAskedForAgainOnlyOnceTheCasRetryAfterHasPassed() throws Exception {
        offerWindowInTwentyDays();
        proxy.renewalInfoRetryAfter(Duration.ofHours(1));
        ObtainFlow flow = flow();
        StoredCertificate stored = flow.obtain(List.of("ari-refresh.example.com"));
        String certId = AcmeUtils.getRenewalUniqueIdentifier(stored.leaf());
        RenewalInfoRefresh refresh = new RenewalInfoRefresh(storage, issuer(), clock);
        Instant earlyStart = clock.instant().minus(Duration.ofHours(1));
        proxy.renewalWindow(certId, earlyStart, clock.instant().plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(59));
        assertThat(refresh.refresh(stored)).as("before Retry-After: no request").isSameAs(stored);
        assertThat(proxy.renewalInfoRequests(certId)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        StoredCertificate refreshed = refresh.refresh(stored);

        assertThat(proxy.renewalInfoRequests(certId)).isEqualTo(2);
        assertThat(refreshed.renewalInfo().window().start()).isEqualTo(earlyStart);
        assertThat(refreshed.renewalInfo().nextCheck()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(flow.stored("ari-refresh.example.com").orElseThrow().renewalInfo())
                .as("recorded for peers and restarts").isEqualTo(refreshed.renewalInfo());
    }

    private void offerWindowInTwentyDays() {
        Instant start = clock.instant().plus(Duration.ofDays(20));
        proxy.defaultRenewalWindow(start, start.plus(Duration.ofDays(1)));
    }

    private String lastPayload() {
        List<String> payloads = proxy.newOrderPayloads();
        assertThat(payloads).isNotEmpty();
        return payloads.get(payloads.size() - 1);
    }

    private AcmeIssuer issuer() {
        return AcmeIssuer.builder(proxy.directoryUri()).trustedRoots(List.of(proxy.trustCertificate()))
                .agreed(true).email("ops@ari.example").solver(new Http01Solver(challenges))
                .build(storage, clock);
    }

    private ObtainFlow flow() {
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        dispatcher.addListener(events::add);
        return new ObtainFlow(storage, issuer(), IssuancePolicy.DEFAULT, new RetrySchedule(storage, clock),
                dispatcher, clock);
    }
}
