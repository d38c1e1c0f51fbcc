package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.AcmeFault;
import dev.certmagic.testsupport.AcmeFaultProxy;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * A CA's {@code Retry-After} on {@code newOrder}, end to end against Pebble behind {@link AcmeFaultProxy}: the
 * failure carries it, the retry schedule waits for the later of its own delay and the CA's, the failure event says
 * when the next attempt is, no order reaches the CA before then, and the attempt after it succeeds.
 */
@WithPebble(authzReuse = 0)
class AcmeRetryAfterPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    private final List<CertificateEvent> events = new CopyOnWriteArrayList<>();
    private AcmeFaultProxy proxy;
    private FileStorage storage;
    private ChallengeStore challenges;
    private Http01TestServer httpServer;
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
    void aServiceUnavailableWithRetryAfterIsHonouredByTheScheduleThenTheOrderSucceeds() throws Exception {
        assertRetryAfterHonoured("unavailable.retry.example.com", AcmeFault.serviceUnavailable(Duration.ofSeconds(120)),
                Duration.ofSeconds(120));
    }

    @Test
    void aRateLimitWithRetryAfterIsHonouredByTheScheduleThenTheOrderSucceeds() throws Exception {
        assertRetryAfterHonoured("limited.retry.example.com", AcmeFault.rateLimited(Duration.ofMinutes(30)),
                Duration.ofMinutes(30));
    }

    @Test
    void aRetryAfterShorterThanTheSchedulesOwnDelayLeavesTheScheduleInCharge() throws Exception {
        ObtainFlow flow = flow();
        proxy.failNewOrders(AcmeFault.serviceUnavailable(Duration.ofSeconds(5)), 0, 1);
        Instant failedAt = clock.instant();

        assertThatThrownBy(() -> flow.obtain(List.of("short.retry.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryAfter())
                        .as("the schedule's first delay (1 min) is later than the CA's 5 s")
                        .contains(failedAt.plus(Duration.ofMinutes(1))));
        assertThat(lastFailure().cause()).isInstanceOfSatisfying(IssuanceException.class,
                cause -> assertThat(cause.retryAfter()).contains(failedAt.plusSeconds(5)));
    }

    private void assertRetryAfterHonoured(String name, AcmeFault fault, Duration retryAfter) throws Exception {
        ObtainFlow flow = flow();
        proxy.failNewOrders(fault, 0, 1);
        Instant failedAt = clock.instant();
        Instant expected = failedAt.plus(retryAfter);

        assertThatThrownBy(() -> flow.obtain(List.of(name)))
                .isInstanceOfSatisfying(IssuanceException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(expected);
                });
        CertificateFailedEvent failed = lastFailure();
        assertThat(failed.nextRetry()).contains(expected);
        assertThat(failed.cause()).as("the CA's own answer, before the schedule")
                .isInstanceOfSatisfying(IssuanceException.class, cause -> assertThat(cause.retryAfter())
                        .contains(expected));
        int orders = proxy.newOrderRequests();

        clock.advance(RetrySchedule.delayAfter(1).plusSeconds(1));
        assertThatThrownBy(() -> flow.obtain(List.of(name))).as("the schedule alone would allow it; the CA not")
                .hasMessageContaining("next attempt allowed at " + expected);
        assertThat(proxy.newOrderRequests()).as("nothing reached the CA").isEqualTo(orders);

        clock.set(expected);
        assertThat(flow.obtain(List.of(name)).names()).containsExactly(name);
        assertThat(proxy.newOrderRequests()).isGreaterThan(orders);
    }

    private CertificateFailedEvent lastFailure() {
        return events.stream().filter(CertificateFailedEvent.class::isInstance).map(CertificateFailedEvent.class::cast)
                .reduce((a, b) -> b).orElseThrow();
    }

    private ObtainFlow flow() {
        AcmeIssuer issuer = AcmeIssuer.builder(proxy.directoryUri()).trustedRoots(List.of(proxy.trustCertificate()))
                .agreed(true).email("ops@retry.example").solver(new Http01Solver(challenges)).build(storage, clock);
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        dispatcher.addListener(events::add);
        return new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT, new RetrySchedule(storage, clock),
                dispatcher, clock);
    }
}
