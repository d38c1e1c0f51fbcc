package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.TestCertificates;

/**
 * Issue 20 item 3: handshake threads waiting for undecided names are bounded per name and in total; beyond the
 * bounds a handshake fails at once instead of holding one more server worker.
 */
class HandshakeWaitersTest {

    /** Long enough that no wait in these tests ends by timeout: every end is caused by the test. */
    private static final Duration LONG = Duration.ofSeconds(60);

    private static ManagedCertificate certificate;

    private final ExecutorService handshakes = Executors.newCachedThreadPool();

    private final ThreadPoolExecutor decisions = new ThreadPoolExecutor(8, 8, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>());

    @BeforeAll
    static void buildCertificate() {
        TestCertificates.Held root = TestCertificates.root("Waiters Test Root").build();
        TestCertificates.Held leaf = TestCertificates.leaf("*.example.com").signedBy(root).build();
        certificate = ManagedCertificate.of(leaf.chain(), leaf.privateKey(), true, "test");
    }

    @AfterEach
    void stop() {
        handshakes.shutdownNow();
        decisions.shutdownNow();
    }

    @Test
    void beyondThePerNameBoundAHandshakeFailsAtOnceWhileOtherNamesStillWait() throws Exception {
        HandshakeWaiters waiters = new HandshakeWaiters(10, 2, LONG);
        CompletableFuture<ManagedCertificate> order = new CompletableFuture<>();
        List<Future<ManagedCertificate>> waiting = new ArrayList<>();
        waiting.add(handshakes.submit(() -> waiters.await("a.example.com", order)));
        waiting.add(handshakes.submit(() -> waiters.await("a.example.com", order)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 2);

        assertThat(waiters.await("a.example.com", order)).as("third handshake for one name").isNull();
        assertThat(waiters.refused()).isEqualTo(1);
        waiting.add(handshakes.submit(() -> waiters.await("b.example.com", order)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 3);

        order.complete(certificate);
        for (Future<ManagedCertificate> handshake : waiting) {
            assertThat(handshake.get(10, TimeUnit.SECONDS)).isSameAs(certificate);
        }
        assertThat(waiters.waiting()).isZero();
        assertThat(waiters.timeouts()).isZero();
    }

    @Test
    void beyondTheTotalBoundEveryNameFailsAtOnceUntilAWaiterLeaves() throws Exception {
        HandshakeWaiters waiters = new HandshakeWaiters(3, 2, LONG);
        CompletableFuture<ManagedCertificate> slow = new CompletableFuture<>();
        CompletableFuture<ManagedCertificate> quick = new CompletableFuture<>();
        List<Future<ManagedCertificate>> waiting = new ArrayList<>();
        waiting.add(handshakes.submit(() -> waiters.await("a.example.com", slow)));
        waiting.add(handshakes.submit(() -> waiters.await("b.example.com", slow)));
        Future<ManagedCertificate> leaving = handshakes.submit(() -> waiters.await("c.example.com", quick));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 3);

        assertThat(waiters.await("d.example.com", slow)).isNull();
        assertThat(waiters.await("a.example.com", slow)).isNull();
        assertThat(waiters.refused()).isEqualTo(2);

        quick.complete(certificate);
        assertThat(leaving.get(10, TimeUnit.SECONDS)).isSameAs(certificate);
        waiting.add(handshakes.submit(() -> waiters.await("d.example.com", slow)));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.waiting() == 3);
        slow.complete(null);
        for (Future<ManagedCertificate> handshake : waiting) {
            assertThat(handshake.get(10, TimeUnit.SECONDS)).isNull();
        }
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void aSettledOrderIsAnsweredEvenWhenNoHandshakeMayWait() {
        HandshakeWaiters waiters = new HandshakeWaiters(0, 1, LONG);

        assertThat(waiters.await("a.example.com", new CompletableFuture<>())).isNull();
        assertThat(waiters.await("a.example.com", CompletableFuture.completedFuture(certificate)))
                .isSameAs(certificate);
        assertThat(waiters.refused()).isEqualTo(1);
    }

    @Test
    void theGateRefusesHandshakesBeyondItsWaitingBoundsWithoutRefusingTheName() throws Exception {
        RecordingIssuer issuer = new RecordingIssuer(certificate, true);
        OnDemandGate gate = OnDemandGate.builder(
                OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer, decisions)
                .handshakeTimeout(LONG).maxWaiting(3).maxWaitingPerName(2).build();
        List<Future<ManagedCertificate>> waiting = new ArrayList<>();
        for (String name : List.of("a.example.com", "a.example.com", "b.example.com")) {
            waiting.add(handshakes.submit(() -> gate.certificateFor(name, KeyAlgorithm.EC)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waitingHandshakes() == 3);

        assertThat(gate.certificateFor("a.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(gate.certificateFor("c.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(gate.handshakesNotWaiting()).isEqualTo(2);
        assertThat(gate.deniedCount()).as("a handshake that did not wait is no verdict on the name").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> issuer.orders.size() == 3);

        issuer.release();
        for (Future<ManagedCertificate> handshake : waiting) {
            assertThat(handshake.get(10, TimeUnit.SECONDS)).isSameAs(certificate);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);
        assertThat(issuer.orders).as("the order of a name whose handshake did not wait carried on")
                .containsExactlyInAnyOrder("a.example.com", "b.example.com", "c.example.com");
        assertThat(gate.allowedCount()).isEqualTo(3);
    }
}
