package dev.certmagic.internal.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.internal.cache.CertificateCache;

/**
 * Keeps the managed certificates in the cache fresh (CertMagic's {@code maintain.go}): every check interval it
 * first adopts certificates a peer renewed in shared storage, then renews what the {@link RenewalPolicy} says is
 * due. Unmanaged certificates are never touched.
 *
 * <p>Failures are contained: a failing renewal or reload is logged once for that attempt (exception type and
 * message, never key material) and the cached certificate keeps serving; one failing certificate never stops the
 * others. Retries happen at the next check; backoff beyond that belongs to the {@link Renewer}.
 *
 * <p>The time between checks adapts to the certificates (CertMagic checks at a fixed interval, which finds a
 * short-lived certificate late): the next check comes after the check interval, or sooner when a cached
 * certificate's renewal time falls earlier, and never later than a tenth of the shortest cached lifetime, so a
 * 6-day (or, against a test CA, a 2-minute) certificate is renewed close to its renewal time and long before it
 * expires. It is never sooner than {@link #MIN_DELAY}.
 *
 * <p>Lifecycle: nothing runs until {@link #start()}; {@link #close()} cancels the schedule but does not shut the
 * injected executor down, which belongs to the caller. Checks never overlap: the next one is scheduled when one
 * ends.
 */
public final class Maintainer implements AutoCloseable {

    /** CertMagic's default {@code RenewCheckInterval}. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(10);

    /** The shortest time between two checks, whatever the certificates: a floor against busy loops. */
    public static final Duration MIN_DELAY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Maintainer.class);

    private final CertificateCache cache;
    private final RenewalPolicy policy;
    private final Renewer renewer;
    private final PeerReloader reloader;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration checkInterval;

    private final Object lifecycleLock = new Object();
    private ScheduledFuture<?> scheduled;
    private boolean running;

    /**
     * Creates a maintainer; it does nothing until started.
     *
     * @param cache the cache whose managed certificates are maintained
     * @param policy when to renew
     * @param renewer renews a due certificate and swaps the result into the cache
     * @param reloader finds certificates renewed by peers; {@link PeerReloader#NONE} for a single instance
     * @param scheduler runs the checks; owned by the caller
     * @param clock the time source for decisions
     * @param checkInterval the time between the end of one check and the start of the next
     */
    public Maintainer(CertificateCache cache, RenewalPolicy policy, Renewer renewer, PeerReloader reloader,
            ScheduledExecutorService scheduler, Clock clock, Duration checkInterval) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.renewer = Objects.requireNonNull(renewer, "renewer");
        this.reloader = Objects.requireNonNull(reloader, "reloader");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (checkInterval.isZero() || checkInterval.isNegative()) {
            throw new IllegalArgumentException("check interval must be positive, was " + checkInterval);
        }
        this.checkInterval = checkInterval;
    }

    /**
     * Schedules the checks: the first one after {@link #nextDelay(Instant) one delay} (startup has just loaded and
     * obtained what was needed), then one delay after each check ends. Calling it again while started does nothing.
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            running = true;
            scheduleNext();
        }
    }

    /**
     * Tells whether checks are scheduled.
     *
     * @return whether started and not closed
     */
    public boolean isRunning() {
        synchronized (lifecycleLock) {
            return running;
        }
    }

    /**
     * Cancels future checks; a check in progress finishes. The executor is left running.
     */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            running = false;
            if (scheduled != null) {
                scheduled.cancel(false);
                scheduled = null;
            }
        }
    }

    /**
     * Returns how long to wait before the next check: the check interval, shortened to the earliest renewal time
     * still ahead and to a tenth of the shortest lifetime among cached managed certificates, but at least
     * {@link #MIN_DELAY}.
     *
     * @param now the current time
     * @return the delay
     */
    public Duration nextDelay(Instant now) {
        Duration delay = checkInterval;
        for (ManagedCertificate certificate : cache.managed()) {
            Duration tenth = Duration.between(certificate.notBefore(), certificate.notAfter()).dividedBy(10);
            if (tenth.compareTo(delay) < 0) {
                delay = tenth;
            }
            Instant renewal = policy.renewalTime(certificate);
            if (renewal.isAfter(now) && Duration.between(now, renewal).compareTo(delay) < 0) {
                delay = Duration.between(now, renewal);
            }
        }
        return delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
    }

    /** Caller holds {@link #lifecycleLock}. */
    private void scheduleNext() {
        long millis = nextDelay(clock.instant()).toMillis();
        scheduled = scheduler.schedule(this::checkAndReschedule, millis, TimeUnit.MILLISECONDS);
    }

    private void checkAndReschedule() {
        checkSafely();
        synchronized (lifecycleLock) {
            if (running) {
                scheduleNext();
            }
        }
    }

    /**
     * Runs one check now, on the calling thread: reload peers' renewals, then renew what is due.
     *
     * @return what the check did
     */
    public CheckResult check() {
        int reloaded = 0;
        int renewed = 0;
        int failed = 0;
        for (ManagedCertificate cached : cache.managed()) {
            ManagedCertificate current = cached;
            try {
                Optional<ManagedCertificate> newer = reloader.reload(cached);
                if (newer.isPresent() && !newer.get().hash().equals(cached.hash())) {
                    cache.replace(cached, newer.get());
                    current = newer.get();
                    reloaded++;
                    log.info("Serving {} renewed by a peer (valid until {})", current.names(), current.notAfter());
                }
            } catch (Exception e) {
                failed++;
                log.warn("Could not look for a peer's renewal of {}: {}", cached.names(), describe(e));
                continue;
            }
            Instant now = clock.instant();
            if (!policy.needsRenewal(current, now)) {
                continue;
            }
            try {
                renewer.renew(current);
                renewed++;
            } catch (Exception e) {
                failed++;
                if (policy.isEmergency(current, now)) {
                    log.error("Renewal of {} failed and it expires at {}; still serving it: {}", current.names(),
                            current.notAfter(), describe(e));
                } else {
                    log.warn("Renewal of {} failed; still serving it, will retry: {}", current.names(), describe(e));
                }
            }
        }
        cache.expireRetired(clock.instant());
        return new CheckResult(reloaded, renewed, failed);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // A throwing periodic task is silently unscheduled by the executor: never let that happen.
            log.error("Certificate maintenance check failed: {}", describe(e));
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getName() : e.getClass().getName() + ": " + message;
    }

    /**
     * The outcome of one check.
     *
     * @param reloaded certificates replaced by a peer's renewal
     * @param renewed certificates for which the renewer succeeded
     * @param failed reloads or renewals that threw
     */
    public record CheckResult(int reloaded, int renewed, int failed) {
    }
}
