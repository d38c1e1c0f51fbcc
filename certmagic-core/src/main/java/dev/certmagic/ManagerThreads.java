package dev.certmagic;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's threads: a bounded pool for issuance (orders wait on the CA, so several run at once), one
 * scheduler for maintenance and retries, and a small bounded pool for on-demand decisions and orders. Threads are
 * daemons and are created only when work arrives. {@link #submit} completes its future whatever the task throws.
 */
final class ManagerThreads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerThreads.class);

    private static final int ON_DEMAND_THREADS = 4;
    private static final int ON_DEMAND_QUEUE = 64;

    private final ThreadPoolExecutor issuance;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ThreadPoolExecutor onDemand;

    ManagerThreads(int maxConcurrentIssuance) {
        this.issuance = new ThreadPoolExecutor(maxConcurrentIssuance, maxConcurrentIssuance, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("certmagic-issuance-"));
        this.issuance.allowCoreThreadTimeOut(true);
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemons("certmagic-maintenance-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Bounded in threads and queue: a flood of handshakes for new names must not grow either; the gate
        // answers a rejected task with TOO_MANY_IN_FLIGHT.
        this.onDemand = new ThreadPoolExecutor(ON_DEMAND_THREADS, ON_DEMAND_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ON_DEMAND_QUEUE), daemons("certmagic-on-demand-"));
        this.onDemand.allowCoreThreadTimeOut(true);
    }

    Executor onDemandExecutor() {
        return onDemand;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        issuance.execute(() -> {
            try {
                result.complete(task.call());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(e);
            } catch (Exception e) {
                result.completeExceptionally(e);
            } catch (Throwable e) {
                // An Error too (OutOfMemoryError, StackOverflowError, an assertion): a future left incomplete
                // would leave its caller waiting forever and the failure unrecorded, with no retry scheduled.
                LOG.error("An issuance task failed with {}", e.toString(), e);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    void schedule(Runnable task, Duration delay) {
        scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        onDemand.shutdownNow();
        issuance.shutdownNow();
        try {
            issuance.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
