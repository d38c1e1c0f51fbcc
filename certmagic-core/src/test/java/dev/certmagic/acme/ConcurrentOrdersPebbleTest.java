package dev.certmagic.acme;

import static dev.certmagic.acme.ChainAssertions.assertVerifiesAgainstPebble;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.AcmeResource;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.challenge.Challenge;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * Orders that run at once on one issuer, against a real Pebble that rejects some nonces: each runs on its own
 * ACME session (as many sessions as orders in flight, never more than the limit), all share one account, and
 * every certificate verifies. A solver that holds each order until the limit's worth of orders are validating
 * at the same moment makes the concurrency certain rather than a matter of timing.
 */
@WithPebble(authzReuse = 0, nonceReject = 20)
class ConcurrentOrdersPebbleTest {

    static Pebble pebble;

    private static final int LIMIT = 3;
    private static final MemoryStorage STORAGE = new MemoryStorage(new MemoryStorage.Shared());
    private static final ChallengeStore CHALLENGES = new ChallengeStore(STORAGE, "test-ca");
    private static Http01TestServer httpServer;

    @BeforeAll
    static void startChallengeServer() throws Exception {
        httpServer = new Http01TestServer(pebble.httpPort(), new Http01Responder(CHALLENGES));
    }

    @AfterAll
    static void stopChallengeServer() {
        httpServer.close();
    }

    @Test
    void ordersInFlightEachGetASessionUpToTheLimitAndAllShareOneAccount() throws Exception {
        RendezvousSolver solver = new RendezvousSolver(new Http01Solver(CHALLENGES), LIMIT);
        AcmeIssuer issuer = AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).email("concurrent@example.com").maxConcurrentOrders(LIMIT).solver(solver)
                .build(STORAGE, Clock.systemUTC());
        ObtainFlow flow = new ObtainFlow(STORAGE, issuer, IssuancePolicy.DEFAULT,
                new RetrySchedule(STORAGE, Clock.systemUTC()), new CertificateEventDispatcher(), Clock.systemUTC());
        List<String> names = List.of("c1.concurrent.example", "c2.concurrent.example", "c3.concurrent.example",
                "c4.concurrent.example", "c5.concurrent.example", "c6.concurrent.example");

        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<CompletableFuture<StoredCertificate>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return flow.obtain(List.of(name));
                    } catch (Exception e) {
                        throw new IllegalStateException(name + ": " + e.getMessage(), e);
                    }
                }, pool));
            }
            for (int i = 0; i < names.size(); i++) {
                assertVerifiesAgainstPebble(futures.get(i).get(120, TimeUnit.SECONDS), pebble, names.get(i));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(solver.mostAtOnce()).as("orders validating at the same moment").isEqualTo(LIMIT);
        assertThat(solver.sessions()).as("the orders ran on one session per order in flight, reused afterwards")
                .hasSize(LIMIT);
        assertThat(issuer.orderSessionCount()).isEqualTo(LIMIT);
        assertThat(STORAGE.keys()).filteredOn(k -> k.startsWith(StorageKeys.ACME + "/"))
                .as("one account for all sessions").containsExactlyInAnyOrder(
                        StorageKeys.userPrivateKey(issuer.issuerKey(), "concurrent@example.com"),
                        StorageKeys.userRegistration(issuer.issuerKey(), "concurrent@example.com"));
    }

    /**
     * Holds each order in {@code present} until {@code parties} orders are there together (or 60 s pass), and
     * records the most that ever were and the ACME sessions the orders ran on.
     */
    private static final class RendezvousSolver implements ChallengeSolver {

        private final ChallengeSolver delegate;
        private final CountDownLatch together;
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();
        private final Set<Session> sessions = Collections.synchronizedSet(Collections.newSetFromMap(
                new IdentityHashMap<>()));

        RendezvousSolver(ChallengeSolver delegate, int parties) {
            this.delegate = delegate;
            this.together = new CountDownLatch(parties);
        }

        @Override
        public String challengeType() {
            return delegate.challengeType();
        }

        @Override
        public void present(String identifier, Challenge challenge) throws IOException, InterruptedException {
            sessions.add(sessionOf(challenge));
            int now = inside.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            together.countDown();
            together.await(60, TimeUnit.SECONDS);
            delegate.present(identifier, challenge);
        }

        @Override
        public void cleanUp(String identifier, Challenge challenge) {
            inside.decrementAndGet();
            delegate.cleanUp(identifier, challenge);
        }

        int mostAtOnce() {
            return most.get();
        }

        /** acme4j keeps a resource's session to itself (protected); the test reads it to tell sessions apart. */
        private static Session sessionOf(Challenge challenge) throws IOException {
            try {
                Method getSession = AcmeResource.class.getDeclaredMethod("getSession");
                getSession.setAccessible(true);
                return (Session) getSession.invoke(challenge);
            } catch (ReflectiveOperationException e) {
                throw new IOException("Cannot read the challenge's session", e);
            }
        }

        Set<Session> sessions() {
            synchronized (sessions) {
                return Set.copyOf(sessions);
            }
        }
    }
}
