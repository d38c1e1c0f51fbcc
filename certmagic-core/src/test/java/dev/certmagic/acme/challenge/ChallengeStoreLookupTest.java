package dev.certmagic.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.tls.ApplicationProtocols;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Issue 20 item 4, the logic: which challenge lookups may reach storage and how long a storage result is
 * remembered, on a clock the test moves. A peer of the cluster is a second store over the same storage.
 */
class ChallengeStoreLookupTest {

    private static final String MANAGED = "app.example.com";

    private final MemoryStorage.Shared shared = new MemoryStorage.Shared();
    private final MovableClock clock = new MovableClock();
    private final CountingStorage storage = new CountingStorage(new MemoryStorage(shared));
    private final ChallengeStore store = new ChallengeStore(storage, "test-ca", Set.of(MANAGED)::contains,
            Duration.ofSeconds(1), clock);
    private final ChallengeStore peer = new ChallengeStore(new MemoryStorage(shared), "test-ca");

    @Test
    void namesThatAreNotManagedReachStorageOnlyWithinTheBudgetOfEachSecond() throws Exception {
        int budget = ChallengeStore.DEFAULT_STRANGER_LOOKUPS_PER_SECOND;
        for (int i = 0; i < 1000; i++) {
            assertThat(store.find("stranger-" + i + ".example.net")).isEmpty();
        }
        assertThat(storage.reads.get()).isEqualTo(budget);

        clock.advance(Duration.ofSeconds(1));
        for (int i = 1000; i < 2000; i++) {
            assertThat(store.forName("stranger-" + i + ".example.net")).isNull();
        }
        assertThat(storage.reads.get()).isEqualTo(2 * budget);
    }

    @Test
    void aPeersChallengeForANameThisInstanceDoesNotManageIsFoundWhileTheBudgetLasts() throws Exception {
        // The peer was asked to manage the name at run time; this instance has never heard of it.
        peer.put(PendingChallenge.http01("peer-only.example.net", "tok", "tok.kx"));

        assertThat(store.find("peer-only.example.net")).get().extracting(PendingChallenge::keyAuthorization)
                .isEqualTo("tok.kx");
    }

    @Test
    void aSpentBudgetKeepsStrangersOffStorageUntilTheNextSecond() throws Exception {
        ChallengeStore noBudget = new ChallengeStore(storage, "test-ca", Set.of(MANAGED)::contains,
                Duration.ofSeconds(1), 0, clock);
        peer.put(PendingChallenge.http01("peer-only.example.net", "tok", "tok.kx"));

        assertThat(noBudget.find("peer-only.example.net")).isEmpty();
        assertThat(storage.reads.get()).isZero();
    }

    @Test
    void aPeersChallengeForAManagedNameIsFound() throws Exception {
        peer.put(PendingChallenge.http01(MANAGED, "tok", "tok.kx"));

        assertThat(store.find(MANAGED)).get().extracting(PendingChallenge::keyAuthorization).isEqualTo("tok.kx");
    }

    @Test
    void aMissIsRememberedForTheMemoryThenReadAgain() throws Exception {
        for (int i = 0; i < 1000; i++) {
            assertThat(store.find(MANAGED)).isEmpty();
        }
        assertThat(storage.reads.get()).isEqualTo(1);

        peer.put(PendingChallenge.http01(MANAGED, "tok", "tok.kx"));
        clock.advance(Duration.ofMillis(999));
        assertThat(store.find(MANAGED)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.find(MANAGED)).isPresent();
        assertThat(storage.reads.get()).isEqualTo(2);
    }

    @Test
    void aChallengePublishedHereIsAnsweredDespiteARememberedMiss() throws Exception {
        assertThat(store.find(MANAGED)).isEmpty();

        store.put(PendingChallenge.http01(MANAGED, "tok", "tok.kx"));
        assertThat(store.find(MANAGED)).isPresent();
        store.remove(MANAGED);
        assertThat(store.find(MANAGED)).isEmpty();
    }

    @Test
    void aPeersTlsAlpnChallengeIsServedWholeByTheKeyManager() throws Exception {
        new TlsAlpn01Solver(peer).present(MANAGED, tlsAlpnChallenge());
        SniKeyManager keyManager = new SniKeyManager(new CertificateCache(clock), store, null);

        String alias = keyManager.selectAlias("RSA", MANAGED, ApplicationProtocols.ACME_TLS_1);

        // Choosing the alias and fetching its chain and key are separate lookups: they must see one challenge.
        assertThat(alias).isNotNull();
        assertThat(keyManager.getCertificateChain(alias)).hasSize(1);
        assertThat(keyManager.getPrivateKey(alias)).isNotNull();
        assertThat(storage.reads.get()).isEqualTo(1);
    }

    private static TlsAlpn01Challenge tlsAlpnChallenge() throws Exception {
        Session session = new Session(URI.create("https://ca.invalid/dir"));
        Login login = new Login(new URL("https://ca.invalid/acct/1"), KeyType.EC256.generate(), session);
        return new TlsAlpn01Challenge(login, JSON.parse("{\"type\":\"tls-alpn-01\",\"url\":"
                + "\"https://ca.invalid/chall/1\",\"status\":\"pending\",\"token\":\"abcDEF123_-xyz\"}"));
    }

    private static final class CountingStorage extends ForwardingStorage {

        final AtomicInteger reads = new AtomicInteger();

        CountingStorage(MemoryStorage delegate) {
            super(delegate);
        }

        @Override
        public byte[] load(String key) throws IOException {
            reads.incrementAndGet();
            return super.load(key);
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-12-05T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
