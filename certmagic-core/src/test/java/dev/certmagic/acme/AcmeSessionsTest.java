package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Session;

/**
 * The order sessions: one per concurrent order, never more than the limit, a released session is the next one
 * handed out, and a failure to make one gives its slot back. Sessions make no network call when created, so a
 * directory URL nobody listens on is enough here.
 */
class AcmeSessionsTest {

    private static final URI NOWHERE = URI.create("https://127.0.0.1:9/dir");

    private final TrustingAcmeProvider provider = new TrustingAcmeProvider(List.of(), Clock.systemUTC(),
            Duration.ofSeconds(30), AcmeIssuerBuilder.DEFAULT_MAX_RESPONSE_SIZE, UserAgent.header(null));
    private final ExecutorService waiter = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        waiter.shutdownNow();
    }

    @Test
    void concurrentOrdersGetDistinctSessionsAndTheOneOverTheLimitWaitsForARelease() throws Exception {
        AcmeSessions sessions = new AcmeSessions(2, () -> new Session(NOWHERE, provider));
        Session first = sessions.acquire();
        Session second = sessions.acquire();
        AtomicReference<Thread> third = new AtomicReference<>();

        CompletableFuture<Session> waiting = CompletableFuture.supplyAsync(() -> {
            third.set(Thread.currentThread());
            try {
                return sessions.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, waiter);
        await().atMost(Duration.ofSeconds(10)).until(() -> third.get() != null
                && third.get().getState() == Thread.State.WAITING);
        assertThat(waiting).isNotDone();

        sessions.release(second);

        assertThat(first).isNotSameAs(second);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the released session is reused, not a new one")
                .isSameAs(second);
        assertThat(sessions.created()).isEqualTo(2);
    }

    @Test
    void sequentialOrdersReuseOneSession() throws Exception {
        AcmeSessions sessions = new AcmeSessions(4, () -> new Session(NOWHERE, provider));

        Session first = sessions.acquire();
        sessions.release(first);
        Session again = sessions.acquire();

        assertThat(again).isSameAs(first);
        assertThat(sessions.created()).isEqualTo(1);
    }

    @Test
    void aSessionThatCannotBeMadeGivesItsSlotBack() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        AcmeSessions sessions = new AcmeSessions(1, () -> {
            if (fail.get()) {
                throw new IllegalStateException("no trust settings");
            }
            return new Session(NOWHERE, provider);
        });

        assertThatThrownBy(sessions::acquire).hasMessageContaining("no trust settings");
        fail.set(false);
        CompletableFuture<Session> next = CompletableFuture.supplyAsync(() -> {
            try {
                return sessions.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, waiter);

        assertThat(next.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(sessions.created()).isEqualTo(1);
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new AcmeSessions(0, () -> new Session(NOWHERE, provider)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
