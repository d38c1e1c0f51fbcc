package dev.certmagic.internal.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler driven by the test: periodic tasks run only when {@link #runDue()} is called, and only those whose
 * time on the test clock has come. Supports what the maintainer uses (fixed-delay and fixed-rate tasks).
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final Clock clock;
    private final List<Task> tasks = new ArrayList<>();
    private boolean shutdown;

    ManualScheduler(Clock clock) {
        this.clock = clock;
    }

    /** Runs every task that is due now, once, and schedules its next run. */
    synchronized int runDue() {
        int ran = 0;
        for (Task task : List.copyOf(tasks)) {
            if (!task.cancelled && !clock.instant().isBefore(task.next)) {
                if (task.period == null) {
                    task.cancelled = true;
                }
                task.command.run();
                ran++;
                if (task.period != null) {
                    task.next = clock.instant().plus(task.period);
                }
            }
        }
        return ran;
    }

    synchronized int activeTasks() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        Task task = new Task(command, clock.instant().plus(Duration.of(initialDelay, unit.toChronoUnit())),
                Duration.of(delay, unit.toChronoUnit()));
        tasks.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduleWithFixedDelay(command, initialDelay, period, unit);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        // A one-shot task: no period, done after its run.
        Task task = new Task(command, clock.instant().plus(Duration.of(delay, unit.toChronoUnit())), null);
        tasks.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the maintainer");
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private static final class Task implements ScheduledFuture<Object> {
        private final Runnable command;
        private final Duration period;
        private Instant next;
        private volatile boolean cancelled;

        Task(Runnable command, Instant next, Duration period) {
            this.command = command;
            this.next = next;
            this.period = period;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
