package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.TestCertificates;

class OnDemandGateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static ManagedCertificate certificate;

    private final MutableClock clock = new MutableClock(T0);

    private final Map<OnDemandVerdict, AtomicInteger> verdicts = new ConcurrentHashMap<>();

    private ThreadPoolExecutor executor;

    private AskServer ask;

    @BeforeAll
    static void buildCertificate() {
        TestCertificates.Held root = TestCertificates.root("On-demand Test Root").build();
        TestCertificates.Held leaf = TestCertificates.leaf("*.example.com").signedBy(root).build();
        certificate = ManagedCertificate.of(leaf.chain(), leaf.privateKey(), true, "test");
    }

    @BeforeEach
    void start() throws Exception {
        executor = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        ask = AskServer.start();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        ask.close();
    }

    private OnDemandGate.Builder gate(OnDemandPolicy policy, OnDemandIssuer issuer) {
        return OnDemandGate.builder(policy, issuer, executor).clock(clock)
                .listener((name, verdict) -> verdicts.computeIfAbsent(verdict, v -> new AtomicInteger())
                        .incrementAndGet());
    }

    private int count(OnDemandVerdict verdict) {
        AtomicInteger counter = verdicts.get(verdict);
        return counter == null ? 0 : counter.get();
    }

    @Test
    void anAllowedNameGetsTheIssuersCertificate() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        OnDemandGate gate = gate(OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer)
                .build();

        assertThat(gate.certificateFor("shop.example.com", KeyAlgorithm.EC)).isSameAs(certificate);
        assertThat(issuer.calls).containsExactly("shop.example.com");
        assertThat(gate.ordersStarted()).isEqualTo(1);
        assertThat(gate.allowedCount()).isEqualTo(1);
        assertThat(count(OnDemandVerdict.ALLOWED)).isEqualTo(1);
    }

    @Test
    void aFloodOfRandomNamesOutsideTheAllowlistNeverReachesTheIssuerTheAskEndpointOrNewThreads() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        OnDemandPolicy policy = OnDemandPolicy.builder().allowedDomains(List.of("*.example.com"))
                .ask(ask.uri("/allow")).build();
        OnDemandGate gate = gate(policy, issuer).build();
        int threadsBefore = Thread.activeCount();

        for (int i = 0; i < 10_000; i++) {
            assertThat(gate.certificateFor("r" + i + "-" + Long.toHexString(i * 7919L) + ".attacker.test",
                    KeyAlgorithm.EC)).isNull();
        }

        assertThat(issuer.calls).isEmpty();
        assertThat(ask.totalHits()).isZero();
        assertThat(count(OnDemandVerdict.NOT_IN_ALLOWLIST)).isEqualTo(10_000);
        assertThat(gate.deniedCount()).isEqualTo(10_000);
        assertThat(executor.getLargestPoolSize()).isZero();
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
    }

    @Test
    void theAskEndpointIsHitOncePerDistinctNameWithinTheDenialTtlAndThreadsStayFlat() throws Exception {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        OnDemandPolicy policy = OnDemandPolicy.builder().ask(ask.uri("/deny")).build();
        OnDemandGate gate = gate(policy, issuer).denialTtl(Duration.ofMinutes(5)).build();
        // Warm up: the first request creates the HTTP client's selector thread and the pools' threads.
        for (int i = 0; i < 20; i++) {
            gate.certificateFor("warm" + i + ".example.com", KeyAlgorithm.EC);
        }
        int threadsBefore = Thread.activeCount();
        int hitsBefore = ask.totalHits();
        ExecutorService handshakes = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(handshakes.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        for (int i = 0; i < 300; i++) {
                            assertThat(gate.certificateFor("n" + i + ".example.com", KeyAlgorithm.EC)).isNull();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            // 9,600 handshakes for 300 distinct names: the endpoint saw each name exactly once.
            assertThat(ask.totalHits() - hitsBefore).isEqualTo(300);
            assertThat(ask.hits("n17.example.com")).isEqualTo(1);
            assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 8 + 2);
            assertThat(executor.getLargestPoolSize()).isLessThanOrEqualTo(4);
            assertThat(issuer.calls).isEmpty();

            clock.advance(Duration.ofMinutes(5));
            assertThat(gate.certificateFor("n17.example.com", KeyAlgorithm.EC)).isNull();
            assertThat(ask.hits("n17.example.com")).isEqualTo(2);
        } finally {
            handshakes.shutdownNow();
        }
    }

    @Test
    void fiftyConcurrentHandshakesForOneNewNameShareOneOrder() throws Exception {
        RecordingIssuer issuer = new RecordingIssuer(certificate, true);
        OnDemandGate gate = gate(OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer)
                .handshakeTimeout(Duration.ofSeconds(30)).maxWaiting(50).maxWaitingPerName(50).build();
        List<Thread> threads = new ArrayList<>();
        List<ManagedCertificate> results = new CopyOnWriteArrayList<>();
        CountDownLatch finished = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            Thread thread = new Thread(() -> {
                results.add(gate.certificateFor("new.example.com", KeyAlgorithm.EC));
                finished.countDown();
            });
            threads.add(thread);
            thread.start();
        }
        // Every handshake thread is parked waiting on the order before the order may finish.
        await().atMost(Duration.ofSeconds(20)).until(() -> threads.stream()
                .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
        assertThat(gate.inFlight()).isEqualTo(1);

        issuer.release();

        assertThat(finished.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(issuer.calls).containsExactly("new.example.com");
        assertThat(results).hasSize(50).allSatisfy(c -> assertThat(c).isSameAs(certificate));
        assertThat(gate.ordersStarted()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);
    }

    @Test
    void aHandshakeGivesUpAfterTheTimeoutWhileTheOrderCarriesOn() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, true);
        OnDemandGate gate = gate(OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer)
                .handshakeTimeout(Duration.ofMillis(200)).build();

        long start = System.nanoTime();
        ManagedCertificate result = gate.certificateFor("slow.example.com", KeyAlgorithm.EC);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result).isNull();
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(3));
        assertThat(gate.handshakeTimeouts()).isEqualTo(1);
        assertThat(gate.inFlight()).isEqualTo(1);

        issuer.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);
        assertThat(gate.allowedCount()).isEqualTo(1);
        assertThat(issuer.calls).containsExactly("slow.example.com");
    }

    @Test
    void beyondTheInFlightBoundAHandshakeIsRefusedAtOnce() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, true);
        OnDemandGate gate = gate(OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer)
                .handshakeTimeout(Duration.ofMillis(100)).maxInFlight(2).build();
        try {
            assertThat(gate.certificateFor("a.example.com", KeyAlgorithm.EC)).isNull();
            assertThat(gate.certificateFor("b.example.com", KeyAlgorithm.EC)).isNull();

            long start = System.nanoTime();
            assertThat(gate.certificateFor("c.example.com", KeyAlgorithm.EC)).isNull();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            assertThat(count(OnDemandVerdict.TOO_MANY_IN_FLIGHT)).isEqualTo(1);
            assertThat(issuer.calls).containsExactlyInAnyOrder("a.example.com", "b.example.com");
        } finally {
            issuer.release();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);
        // The refusal was not remembered: once there is room, the name is served.
        assertThat(gate.certificateFor("c.example.com", KeyAlgorithm.EC)).isSameAs(certificate);
    }

    @Test
    void maxObtainHoldsUnderAFloodOfAllowedNamesWhileStoredCertificatesAreStillServed() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        issuer.stored.add("restored.example.com");
        OnDemandPolicy policy = OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).maxObtain(3)
                .build();
        OnDemandGate gate = gate(policy, issuer).build();

        int served = 0;
        for (int i = 0; i < 200; i++) {
            if (gate.certificateFor("n" + i + ".example.com", KeyAlgorithm.EC) != null) {
                served++;
            }
        }

        assertThat(served).isEqualTo(3);
        assertThat(issuer.orders).hasSize(3);
        assertThat(gate.ordersStarted()).isEqualTo(3);
        assertThat(count(OnDemandVerdict.MAX_OBTAIN_REACHED)).isEqualTo(197);
        assertThat(gate.certificateFor("restored.example.com", KeyAlgorithm.EC)).isSameAs(certificate);
        assertThat(gate.ordersStarted()).isEqualTo(3);
    }

    @Test
    void theRateLimitHoldsUnderAFloodAndRefillsAsTheClockMoves() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        OnDemandPolicy policy = OnDemandPolicy.builder().allowedDomains(List.of("*.example.com"))
                .rateLimit(5, Duration.ofMinutes(1)).build();
        OnDemandGate gate = gate(policy, issuer).denialTtl(Duration.ofSeconds(10)).build();

        int served = 0;
        for (int i = 0; i < 100; i++) {
            if (gate.certificateFor("a" + i + ".example.com", KeyAlgorithm.EC) != null) {
                served++;
            }
        }
        assertThat(served).isEqualTo(5);
        assertThat(count(OnDemandVerdict.RATE_LIMITED)).isEqualTo(95);

        clock.advance(Duration.ofSeconds(61));
        served = 0;
        for (int i = 0; i < 100; i++) {
            if (gate.certificateFor("a" + i + ".example.com", KeyAlgorithm.EC) != null) {
                served++;
            }
        }
        assertThat(served).isEqualTo(5);
        assertThat(issuer.orders).hasSize(10);
    }

    @Test
    void hostileNamesAreRefusedBeforeTheDecisionAndTheIssuer() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        AtomicInteger decisions = new AtomicInteger();
        OnDemandPolicy policy = OnDemandPolicy.builder().decision(name -> decisions.incrementAndGet() > 0).build();
        OnDemandGate gate = gate(policy, issuer).build();

        for (String hostile : new String[] {null, "", "*.example.com", "192.168.1.1", "a..b", "x y.com",
                "a".repeat(300) + ".com"}) {
            assertThat(gate.certificateFor(hostile, KeyAlgorithm.EC)).isNull();
        }

        assertThat(decisions).hasValue(0);
        assertThat(issuer.calls).isEmpty();
        assertThat(count(OnDemandVerdict.DENIED_HOSTILE_NAME)).isEqualTo(7);
        assertThat(executor.getTaskCount()).isZero();
    }

    @Test
    void theDecisionIsConsultedBeforeTheIssuerAndItsDenialIsRemembered() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        AtomicInteger decisions = new AtomicInteger();
        OnDemandPolicy policy = OnDemandPolicy.builder().decision(name -> {
            decisions.incrementAndGet();
            return name.startsWith("ok.");
        }).maxObtain(0).build();
        OnDemandGate gate = gate(policy, issuer).build();

        assertThat(gate.certificateFor("no.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(gate.certificateFor("no.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(decisions).hasValue(1);
        assertThat(count(OnDemandVerdict.DENIED_BY_DECISION)).isEqualTo(2);
        assertThat(issuer.calls).isEmpty();

        // Allowed by the decision, then stopped by max-obtain 0: the order limits come after the name checks.
        assertThat(gate.certificateFor("ok.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(count(OnDemandVerdict.MAX_OBTAIN_REACHED)).isEqualTo(1);
        assertThat(issuer.orders).isEmpty();
    }

    @Test
    void aFailedOrderIsRememberedSoTheCaIsNotHammered() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        issuer.failFromNowOn();
        OnDemandGate gate = gate(OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer)
                .denialTtl(Duration.ofSeconds(30)).build();

        for (int i = 0; i < 20; i++) {
            assertThat(gate.certificateFor("broken.example.com", KeyAlgorithm.EC)).isNull();
        }
        assertThat(issuer.failures).hasValue(1);
        assertThat(count(OnDemandVerdict.ISSUANCE_FAILED)).isEqualTo(20);
        // The finished order leaves the in-flight map just after its waiters are woken.
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);

        clock.advance(Duration.ofSeconds(30));
        assertThat(gate.certificateFor("broken.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(issuer.failures).hasValue(2);
    }

    @Test
    void aRejectingExecutorMeansARefusalNotAnException() {
        RecordingIssuer issuer = new RecordingIssuer(certificate, false);
        executor.shutdown();
        OnDemandGate gate = gate(OnDemandPolicy.builder().allowedDomains(List.of("*.example.com")).build(), issuer)
                .build();

        assertThat(gate.certificateFor("a.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(count(OnDemandVerdict.TOO_MANY_IN_FLIGHT)).isEqualTo(1);
        assertThat(gate.inFlight()).isZero();
    }
}
