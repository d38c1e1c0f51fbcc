package dev.certmagic.internal.maintenance;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.event.StorageCleanedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;

/**
 * Runs the {@link StorageCleaner} every interval (CertMagic's maintenance does so once a day), and publishes a
 * {@link StorageCleanedEvent} when a sweep removed something. The first sweep runs {@link #FIRST_SWEEP_DELAY} after
 * start (capped by the interval), once startup has loaded and obtained what it needed; a sweep a peer did within
 * the interval makes this instance's a no-op. A failing sweep is logged and tried again next interval.
 */
public final class StorageCleaning implements AutoCloseable {

    /** How long after start the first sweep runs, at most. */
    public static final Duration FIRST_SWEEP_DELAY = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(StorageCleaning.class);

    private final StorageCleaner cleaner;
    private final CertificateEventDispatcher events;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Object lifecycleLock = new Object();
    private ScheduledFuture<?> scheduled;

    /**
     * Creates the schedule; nothing runs until {@link #start()}.
     *
     * @param cleaner the sweep
     * @param events where the event goes
     * @param scheduler runs the sweeps; owned by the caller
     * @param interval the time between sweeps; {@link Duration#ZERO} turns cleaning off
     */
    public StorageCleaning(StorageCleaner cleaner, CertificateEventDispatcher events,
            ScheduledExecutorService scheduler, Duration interval) {
        this.cleaner = Objects.requireNonNull(cleaner, "cleaner");
        this.events = Objects.requireNonNull(events, "events");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("storageCleanInterval(...) must not be negative, was " + interval);
        }
        this.interval = interval;
    }

    /** Schedules the sweeps (none when the interval is zero); calling it again while started does nothing. */
    public void start() {
        synchronized (lifecycleLock) {
            if (scheduled != null || interval.isZero()) {
                return;
            }
            long first = Math.min(FIRST_SWEEP_DELAY.toMillis(), interval.toMillis());
            scheduled = scheduler.scheduleWithFixedDelay(this::sweepSafely, first, interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Cancels future sweeps; one in progress finishes. */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
        }
    }

    /**
     * Sweeps now on the calling thread (unless a peer swept within the interval) and publishes the event.
     *
     * @return what was removed
     * @throws Exception if storage failed
     */
    public CleanReport sweep() throws Exception {
        CleanReport report = cleaner.sweep(interval);
        if (!report.skipped() && report.total() > 0) {
            log.info("Storage cleaning removed {} expired certificate(s), {} stale OCSP staple(s), {} retry and {} "
                    + "challenge record(s)", report.certificates().size(), report.staples(), report.retries(),
                    report.challenges());
            events.publish(new StorageCleanedEvent(report.certificates(), report.staples(), report.retries(),
                    report.challenges(), report.time()));
        }
        return report;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Storage cleaning failed; trying again in {}: {}: {}", interval, e.getClass().getSimpleName(),
                    e.getMessage());
        }
    }
}
