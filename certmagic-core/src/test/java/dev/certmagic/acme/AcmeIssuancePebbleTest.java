package dev.certmagic.acme;

import static dev.certmagic.acme.ChainAssertions.assertVerifiesAgainstPebble;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.acme.challenge.Dns01Solver;
import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.acme.challenge.TlsAlpn01Solver;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.dns.ChallTestSrvDnsProvider;
import dev.certmagic.dns.JndiTxtLookup;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateRevokedEvent;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.RevokeFlow;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.ToggleProxy;
import dev.certmagic.testsupport.WithPebble;

/**
 * Obtains certificates from a real Pebble by each challenge type, through the flows, and checks what the flows
 * promise around it: chains verify, restarts make no new order, a CA outage schedules a retry and leaves nothing
 * partial, refusal without agreement, revocation. Authorization reuse is off so every order is really validated.
 */
@WithPebble(authzReuse = 0)
class AcmeIssuancePebbleTest {

    static Pebble pebble;

    private static final MemoryStorage.Shared SHARED = new MemoryStorage.Shared();
    private static final MemoryStorage STORAGE = new MemoryStorage(SHARED);
    private static final ChallengeStore CHALLENGES = new ChallengeStore(STORAGE, "test-ca");
    private static Http01TestServer httpServer;
    private static TlsAlpnTestServer tlsServer;

    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startChallengeServers() throws Exception {
        httpServer = new Http01TestServer(pebble.httpPort(), new Http01Responder(CHALLENGES));
        tlsServer = new TlsAlpnTestServer(pebble.tlsPort(), CHALLENGES);
    }

    @AfterAll
    static void stopChallengeServers() throws Exception {
        httpServer.close();
        tlsServer.close();
    }

    @Test
    void http01ObtainsOneNameAndASanListWhoseChainsVerify() throws Exception {
        ObtainFlow flow = flow(issuer(new Http01Solver(CHALLENGES)), Clock.systemUTC());
        int before = httpServer.answered();

        assertVerifiesAgainstPebble(flow.obtain(List.of("http-one.example.com")), pebble, "http-one.example.com");
        assertVerifiesAgainstPebble(flow.obtain(List.of("http-a.example.com", "http-b.example.com")), pebble,
                "http-a.example.com", "http-b.example.com");
        assertThat(httpServer.answered()).isGreaterThan(before);
        assertThat(events).filteredOn(CertificateObtainedEvent.class::isInstance).hasSize(2);
    }

    @Test
    void tlsAlpn01ObtainsOneNameAndASanListWhoseChainsVerify() throws Exception {
        ObtainFlow flow = flow(issuer(new TlsAlpn01Solver(CHALLENGES)), Clock.systemUTC());
        int before = tlsServer.served();

        assertVerifiesAgainstPebble(flow.obtain(List.of("alpn-one.example.com")), pebble, "alpn-one.example.com");
        assertVerifiesAgainstPebble(flow.obtain(List.of("alpn-a.example.com", "alpn-b.example.com")), pebble,
                "alpn-a.example.com", "alpn-b.example.com");
        assertThat(tlsServer.served()).isGreaterThan(before);
    }

    @Test
    void dns01ObtainsOneNameAndAWildcardWhoseChainsVerify() throws Exception {
        ObtainFlow flow = flow(issuer(dnsSolver()), Clock.systemUTC());

        assertVerifiesAgainstPebble(flow.obtain(List.of("dns-one.example.com")), pebble, "dns-one.example.com");
        assertVerifiesAgainstPebble(flow.obtain(List.of("*.wild.example.com", "wild.example.com")), pebble,
                "*.wild.example.com", "wild.example.com");
        assertThat(STORAGE.keys()).contains(StorageKeys.siteCertificate(issuer(dnsSolver()).issuerKey(),
                "*.wild.example.com"));
    }

    @Test
    void aWildcardWithoutDns01FailsAtOnceSayingWhatIsMissing() {
        ObtainFlow flow = flow(issuer(new Http01Solver(CHALLENGES)), Clock.systemUTC());

        assertThatThrownBy(() -> flow.obtain(List.of("*.nodns.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("DNS-01");
    }

    @Test
    void aProfileTheCaDoesNotOfferStopsAtOnceBeforeAnyOrder() {
        CountingIssuer issuer = new CountingIssuer(AcmeIssuer.builder(pebble.directoryUri())
                .trustedRoots(List.of(pebble.trustCertificate())).agreed(true).profile("shortlived")
                .solver(new Http01Solver(CHALLENGES)).build(STORAGE, Clock.systemUTC()));
        long ordersBefore = pebble.countLogLines("Added order");

        assertThatThrownBy(() -> flow(issuer, Clock.systemUTC()).obtain(List.of("profile.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("shortlived");
        assertThat(pebble.countLogLines("Added order")).isEqualTo(ordersBefore);
    }

    @Test
    void restartingOverExistingStorageMakesNoNewOrder(@TempDir Path directory) throws Exception {
        StoredCertificate issued;
        CountingIssuer first;
        try (FileStorage before = FileStorage.builder(directory).build()) {
            first = new CountingIssuer(fileIssuer(before));
            issued = flow(first, Clock.systemUTC(), before).obtain(List.of("restart.example.com"));
        }
        try (FileStorage after = FileStorage.builder(directory).build()) {
            CountingIssuer second = new CountingIssuer(fileIssuer(after));
            StoredCertificate loaded = flow(second, Clock.systemUTC(), after).obtain(List.of("restart.example.com"));

            assertThat(first.orders()).isEqualTo(1);
            assertThat(second.orders()).isZero();
            assertThat(loaded.leaf()).isEqualTo(issued.leaf());
            assertThat(loaded.privateKey().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
        }
    }

    private static AcmeIssuer fileIssuer(FileStorage storage) {
        return AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).email("ops@example.com").solver(new Http01Solver(CHALLENGES))
                .build(storage, Clock.systemUTC());
    }

    @Test
    void anUnreachableCaSchedulesARetryLeavesNothingPartialAndTheNextAttemptAfterItSucceeds() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        MemoryStorage storage = new MemoryStorage();
        try (ToggleProxy proxy = new ToggleProxy(pebble.directoryUri().getPort())) {
            java.net.URI viaProxy = java.net.URI.create("https://127.0.0.1:" + proxy.port() + "/dir");
            CountingIssuer issuer = new CountingIssuer(AcmeIssuer.builder(viaProxy)
                    .trustedRoots(List.of(pebble.trustCertificate())).agreed(true)
                    .networkTimeout(Duration.ofSeconds(2))
                    .solver(new Http01Solver(CHALLENGES)).build(storage, clock));
            ObtainFlow flow = new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT,
                    new RetrySchedule(storage, clock), dispatcher(), clock);

            assertThatThrownBy(() -> flow.obtain(List.of("outage.example.com")))
                    .isInstanceOfSatisfying(IssuanceException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).contains(Instant.parse("2026-01-01T00:01:00Z"));
                    });
            assertThat(events).filteredOn(CertificateFailedEvent.class::isInstance).singleElement()
                    .satisfies(e -> {
                        CertificateFailedEvent failed = (CertificateFailedEvent) e;
                        assertThat(failed.attempt()).isEqualTo(1);
                        assertThat(failed.nextRetry()).contains(Instant.parse("2026-01-01T00:01:00Z"));
                    });
            assertThat(storage.keys()).noneMatch(k -> k.startsWith(StorageKeys.CERTIFICATES + "/")
                    || k.startsWith(StorageKeys.ACME + "/"));

            proxy.start();
            assertThatThrownBy(() -> flow.obtain(List.of("outage.example.com")))
                    .as("before the scheduled time no order is placed even though the CA is back")
                    .isInstanceOf(IssuanceException.class);
            assertThat(issuer.orders()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(61));
            assertVerifiesAgainstPebble(flow.obtain(List.of("outage.example.com")), pebble, "outage.example.com");
            assertThat(issuer.orders()).isEqualTo(2);
            assertThat(storage.keys()).doesNotContain(StorageKeys.retryState("outage.example.com"));
        }
    }

    @Test
    void anAccountTheCaNoLongerKnowsIsRegisteredAgainWithItsStoredKey() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        AcmeIssuer issuer = AcmeIssuer.builder(pebble.directoryUri())
                .trustedRoots(List.of(pebble.trustCertificate())).agreed(true).email("forgotten@example.com")
                .solver(new Http01Solver(CHALLENGES)).build(storage, Clock.systemUTC());
        String keyKey = StorageKeys.userPrivateKey(issuer.issuerKey(), "forgotten@example.com");
        String registrationKey = StorageKeys.userRegistration(issuer.issuerKey(), "forgotten@example.com");
        byte[] accountKey = PemCodec.writePrivateKey(KeyType.EC256.generate().getPrivate());
        String unknownAccount = pebble.directoryUri().resolve("/my-account/unknown0123456789").toString();
        storage.store(keyKey, accountKey);
        storage.store(registrationKey, ("{\"location\":\"" + unknownAccount + "\"}").getBytes(UTF_8));

        assertVerifiesAgainstPebble(flow(issuer, Clock.systemUTC(), storage).obtain(List.of("forgot.example.com")),
                pebble, "forgot.example.com");

        assertThat(storage.load(keyKey)).as("same account key").isEqualTo(accountKey);
        assertThat(new String(storage.load(registrationKey), UTF_8)).doesNotContain(unknownAccount)
                .contains("/my-account/");
    }

    @Test
    void theAccountKeyIsNeverACertificateKey() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        AcmeIssuer issuer = AcmeIssuer.builder(pebble.directoryUri())
                .trustedRoots(List.of(pebble.trustCertificate())).agreed(true)
                .solver(new Http01Solver(CHALLENGES)).build(storage, Clock.systemUTC());
        StoredCertificate issued = flow(issuer, Clock.systemUTC(), storage).obtain(List.of("own-key.example.com"));

        byte[] accountKey = storage.load(StorageKeys.userPrivateKey(issuer.issuerKey(), null));
        assertThat(accountKey).isNotEqualTo(PemCodec.writePrivateKey(issued.privateKey()));
    }

    @Test
    void registrationIsRefusedWithoutAgreementNamingTheSettingAndTheTerms() {
        MemoryStorage storage = new MemoryStorage();
        AcmeIssuer issuer = AcmeIssuer.builder(pebble.directoryUri())
                .trustedRoots(List.of(pebble.trustCertificate())).agreed(false)
                .solver(new Http01Solver(CHALLENGES)).build(storage, Clock.systemUTC());
        ObtainFlow flow = flow(issuer, Clock.systemUTC(), storage);

        assertThatThrownBy(() -> flow.obtain(List.of("terms.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("agreed(true)")
                .hasMessageContaining("data:text/plain");
        assertThat(storage.keys()).isEmpty();
    }

    @Test
    void revokingRemovesTheStoredAssetsAndPublishesAnEvent() throws Exception {
        AcmeIssuer issuer = issuer(new Http01Solver(CHALLENGES));
        ObtainFlow flow = flow(issuer, Clock.systemUTC());
        StoredCertificate issued = flow.obtain(List.of("revoke.example.com"));

        boolean revoked = new RevokeFlow(STORAGE, issuer, issuer.issuerKey(), dispatcher(), Clock.systemUTC())
                .revoke("revoke.example.com", 4);

        assertThat(revoked).isTrue();
        assertThat(flow.stored("revoke.example.com")).isEmpty();
        assertThat(events).filteredOn(CertificateRevokedEvent.class::isInstance).singleElement()
                .extracting(e -> ((CertificateRevokedEvent) e).serialHex())
                .isEqualTo(issued.leaf().getSerialNumber().toString(16));
    }

    @Test
    void anRsaKeyTypeYieldsAnRsaCertificate() throws Exception {
        AcmeIssuer issuer = issuer(new Http01Solver(CHALLENGES));
        ObtainFlow flow = new ObtainFlow(STORAGE, issuer, new IssuancePolicy(KeyType.RSA2048, false, false),
                new RetrySchedule(STORAGE, Clock.systemUTC()), dispatcher(), Clock.systemUTC());

        StoredCertificate issued = flow.obtain(List.of("rsa-staple.example.com"));

        assertThat(issued.leaf().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    private ChallengeSolver dnsSolver() {
        return new Dns01Solver(new ChallTestSrvDnsProvider(pebble), new JndiTxtLookup("127.0.0.1:"
                + pebble.dnsPort()), Duration.ofSeconds(10), Duration.ofMillis(100));
    }

    private static AcmeIssuer issuer(ChallengeSolver solver) {
        return AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).email("ops@example.com").solver(solver).build(STORAGE, Clock.systemUTC());
    }

    private ObtainFlow flow(dev.certmagic.issuance.Issuer issuer, Clock clock) {
        return flow(issuer, clock, STORAGE);
    }

    private ObtainFlow flow(dev.certmagic.issuance.Issuer issuer, Clock clock, dev.certmagic.storage.Storage storage) {
        return new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT, new RetrySchedule(storage, clock),
                dispatcher(), clock);
    }

    private CertificateEventDispatcher dispatcher() {
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        dispatcher.addListener(events::add);
        return dispatcher;
    }
}
