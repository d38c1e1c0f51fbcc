package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Runs a refresh at most once per interval however often it is asked for: the first request after a quiet
 * interval runs it at once on the caller's thread, requests within the interval fold into one run at its end.
 * A burst of certificate events (a restart loading 10,000 stored certificates sends one per certificate) then costs
 * one O(n) refresh per interval instead of one per event, and the loading threads do not queue on the refresh.
 */
final class CoalescingRefresh implements Runnable {

    /** Schedules a task after a delay; {@link CompletableFuture#delayedExecutor} in production. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private final Runnable refresh;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Scheduler scheduler;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean ranOnce;
    private volatile long lastRun;

    CoalescingRefresh(Runnable refresh, Duration interval) {
        this(refresh, interval, System::nanoTime,
                (task, delay) -> CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(task));
    }

    CoalescingRefresh(Runnable refresh, Duration interval, LongSupplier nanoTime, Scheduler scheduler) {
        this.refresh = refresh;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.scheduler = scheduler;
    }

    /** Asks for a refresh: now when none ran within the interval, else once at the interval's end. */
    @Override
    public void run() {
        if (pending.get()) {
            return; // the scheduled run reads the state when it runs, so it covers this request too
        }
        long now = nanoTime.getAsLong();
        long sinceLast = now - lastRun;
        if (!ranOnce || sinceLast >= intervalNanos) {
            runNow();
        } else if (pending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                // Cleared before refreshing: a change that lands during the refresh asks for another run.
                pending.set(false);
                runNow();
            }, intervalNanos - sinceLast);
        }
    }

    private void runNow() {
        lastRun = nanoTime.getAsLong();
        ranOnce = true;
        refresh.run();
    }
}
