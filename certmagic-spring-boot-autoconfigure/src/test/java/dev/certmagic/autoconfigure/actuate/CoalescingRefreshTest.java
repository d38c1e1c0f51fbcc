package dev.certmagic.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CoalescingRefreshTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger refreshes = new AtomicInteger();
    private final List<Long> delays = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final CoalescingRefresh refresh = new CoalescingRefresh(refreshes::incrementAndGet, Duration.ofSeconds(1),
            nanos::get, (task, delay) -> {
                scheduled.add(task);
                delays.add(delay);
            });

    @Test
    void theFirstRequestRefreshesAtOnceOnTheCallersThread() {
        refresh.run();

        assertThat(refreshes).hasValue(1);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void aBurstWithinTheIntervalFoldsIntoOneRunAtItsEnd() {
        refresh.run();
        nanos.addAndGet(200_000_000L);
        for (int i = 0; i < 10_000; i++) {
            refresh.run();
        }

        assertThat(refreshes).hasValue(1);
        assertThat(scheduled).hasSize(1);
        assertThat(delays).containsExactly(800_000_000L);

        nanos.addAndGet(800_000_000L);
        scheduled.get(0).run();
        assertThat(refreshes).hasValue(2);
    }

    @Test
    void aRequestDuringTheScheduledRunAsksForAnotherOne() {
        refresh.run();
        refresh.run();
        assertThat(scheduled).hasSize(1);

        nanos.addAndGet(1_000_000_000L);
        scheduled.get(0).run();
        refresh.run(); // lands just after the scheduled run: must not be lost

        assertThat(refreshes).hasValue(2);
        assertThat(scheduled).hasSize(2);
    }

    @Test
    void aRequestAfterAQuietIntervalRunsAtOnceAgain() {
        refresh.run();
        nanos.addAndGet(1_500_000_000L);
        refresh.run();

        assertThat(refreshes).hasValue(2);
        assertThat(scheduled).isEmpty();
    }
}
