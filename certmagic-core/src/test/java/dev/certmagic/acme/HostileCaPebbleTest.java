package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.AcmeFaultProxy;
import dev.certmagic.testsupport.AcmeFaultProxy.Endpoint;
import dev.certmagic.testsupport.HostileBody;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * A hostile CA, as a real HTTPS server on loopback (Pebble's real answers through {@link AcmeFaultProxy}, sent the
 * hostile way): an answer that trickles in fails its order within the response timeout and holds up no other
 * order, not even while it is the account registration that all orders wait for; a body without end fails with a
 * clear error once the size cap is read, and the client hangs up instead of reading on.
 */
@WithPebble(authzReuse = 0)
class HostileCaPebbleTest {

    /** Far longer than any response timeout below: only a deadline ends such an answer in time. */
    private static final Duration TRICKLE_PAUSE = Duration.ofMillis(500);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    /** How long the test waits for an outcome before it calls the order stuck. */
    private static final long PATIENCE_SECONDS = 40;

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    private AcmeFaultProxy proxy;
    private FileStorage storage;
    private ChallengeStore challenges;
    private Http01TestServer httpServer;
    private MutableClock clock;
    private final ExecutorService orders = Executors.newFixedThreadPool(2);

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
        orders.shutdownNow();
        httpServer.close();
        storage.close();
        proxy.close();
    }

    @Test
    void anOrderWhoseAnswerTricklesInFailsWithinTheResponseTimeoutWhileAnotherOrderSucceeds() throws Exception {
        HostileBody trickle = HostileBody.trickle(TRICKLE_PAUSE);
        proxy.hostileBodies(Endpoint.NEW_ORDER, "slow.hostile.example", trickle);
        ObtainFlow flow = flow(AcmeIssuer.builder(proxy.directoryUri()).responseTimeout(RESPONSE_TIMEOUT));

        Future<StoredCertificate> slow = orders.submit(() -> flow.obtain(List.of("slow.hostile.example")));
        Future<StoredCertificate> fast = orders.submit(() -> flow.obtain(List.of("fast.hostile.example")));

        assertThat(fast.get(PATIENCE_SECONDS, TimeUnit.SECONDS).names()).containsExactly("fast.hostile.example");
        assertThat(failure(slow)).isInstanceOfSatisfying(IssuanceException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).as("the retry schedule applies").isPresent();
            assertThat(e).hasMessageContaining("slow.hostile.example").hasMessageContaining("within 2 s");
        });
        Awaitility.await("the client hung up on the trickle").atMost(Duration.ofSeconds(20))
                .until(() -> trickle.answersAbandoned() == 1);
    }

    @Test
    void aTricklingAccountRegistrationFailsEveryWaitingOrderWithinTheResponseTimeout() throws Exception {
        HostileBody trickle = HostileBody.trickle(TRICKLE_PAUSE);
        proxy.hostileBodies(Endpoint.NEW_ACCOUNT, null, trickle);
        ObtainFlow flow = flow(AcmeIssuer.builder(proxy.directoryUri()).responseTimeout(RESPONSE_TIMEOUT));

        Future<StoredCertificate> first = orders.submit(() -> flow.obtain(List.of("one.hostile.example")));
        Future<StoredCertificate> second = orders.submit(() -> flow.obtain(List.of("two.hostile.example")));

        assertThat(failure(first)).isInstanceOf(IssuanceException.class).hasMessageContaining("within 2 s");
        assertThat(failure(second)).as("the order that waited for the account is not left waiting")
                .isInstanceOf(IssuanceException.class).hasMessageContaining("within 2 s");

        proxy.clearFaults();
        assertThat(orders.submit(() -> flow.obtain(List.of("three.hostile.example")))
                .get(PATIENCE_SECONDS, TimeUnit.SECONDS).names()).as("the account is made on the next try")
                .containsExactly("three.hostile.example");
    }

    @Test
    void aCertificateBodyWithoutEndFailsAtTheSizeCapAndTheClientStopsReading() throws Exception {
        HostileBody endless = HostileBody.endless();
        proxy.hostileBodies(Endpoint.CERTIFICATE, null, endless);
        long cap = 256 * 1024;
        ObtainFlow flow = flow(AcmeIssuer.builder(proxy.directoryUri()).maxResponseSize(cap));

        Future<StoredCertificate> order = orders.submit(() -> flow.obtain(List.of("endless.hostile.example")));

        assertThat(failure(order)).isInstanceOfSatisfying(IssuanceException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.retryAfter()).as("the retry schedule applies").isPresent();
            assertThat(e).hasMessageContaining("endless.hostile.example").hasMessageContaining(cap + " bytes");
        });
        Awaitility.await("the client hung up on the endless body").atMost(Duration.ofSeconds(20))
                .until(() -> endless.answersAbandoned() == 1);
        // What the client did not read stayed in socket buffers (a few MiB on loopback), never in its heap.
        assertThat(endless.bytesSent()).as("bytes sent before the client hung up").isLessThan(64L * 1024 * 1024);
    }

    private static Throwable failure(Future<?> order) {
        try {
            order.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("The order did not end within " + PATIENCE_SECONDS + " s", e);
        }
        throw new AssertionError("The order succeeded");
    }

    private ObtainFlow flow(AcmeIssuerBuilder builder) {
        AcmeIssuer issuer = builder.trustedRoots(List.of(proxy.trustCertificate())).agreed(true)
                .email("ops@hostile.example").solver(new Http01Solver(challenges)).build(storage, clock);
        return new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT, new RetrySchedule(storage, clock),
                new CertificateEventDispatcher(), clock);
    }
}
