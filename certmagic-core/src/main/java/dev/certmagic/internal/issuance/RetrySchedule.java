package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * When to try again after issuance for a name failed: about 1 minute, 10 minutes, 100 minutes, then at most once
 * a day, or later if the CA said so ({@code Retry-After}), but never more than {@link #MAX_DELAY} after the
 * failure. The state lives in {@link Storage} under {@link StorageKeys#retryState(String)}, so neither a restart
 * nor a second instance resets the back-off and hammers the CA.
 *
 * <p>The CA's {@code Retry-After} is clamped because the state outlives the process: a broken or hostile CA that
 * asked for years would otherwise park the name for years, across restarts, while its certificate expires. A day
 * is what Let's Encrypt's integration guide advises as the longest wait; the clamp is logged (WARN) with what
 * the CA asked. Records written before the clamp existed are held to it when read.
 */
public final class RetrySchedule {

    /** Delays after the first, second and third failure; every later failure waits {@link #MAX_DELAY}. */
    static final List<Duration> DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(10),
            Duration.ofMinutes(100));

    /** The longest delay after a failure: the schedule's own, and the most of a CA's {@code Retry-After} honoured. */
    static final Duration MAX_DELAY = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(RetrySchedule.class);

    private final Storage storage;
    private final Clock clock;

    /**
     * Creates a schedule over a storage.
     *
     * @param storage where the state is kept
     * @param clock the source of "now"
     */
    public RetrySchedule(Storage storage, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One recorded failure.
     *
     * @param attempt how many attempts in a row have failed, starting at 1
     * @param nextAttempt the earliest time for the next attempt
     */
    public record Failure(int attempt, Instant nextAttempt) {
    }

    /**
     * Returns the delay the schedule chooses after {@code attempt} failures in a row.
     *
     * @param attempt the number of failures in a row, at least 1
     * @return the delay
     */
    public static Duration delayAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        return attempt <= DELAYS.size() ? DELAYS.get(attempt - 1) : MAX_DELAY;
    }

    /**
     * Computes the next attempt after a failure: the schedule's delay, or the CA's {@code Retry-After} if later,
     * but at most {@link #MAX_DELAY} after the failure.
     *
     * @param attempt the number of failures in a row, including this one
     * @param failedAt when the failure happened
     * @param retryAfter what the CA asked for, or {@code null}
     * @return the earliest time for the next attempt
     */
    public static Instant nextAttempt(int attempt, Instant failedAt, Instant retryAfter) {
        Instant scheduled = failedAt.plus(delayAfter(attempt));
        Instant asked = retryAfter != null && retryAfter.isAfter(scheduled) ? retryAfter : scheduled;
        return min(asked, latest(failedAt));
    }

    /**
     * Returns the recorded failure for a name, if its last attempt failed.
     *
     * @param name the certificate's primary name
     * @return the failure, or empty when the name has no failure on record
     * @throws IOException if storage failed
     */
    public Optional<Failure> lastFailure(String name) throws IOException {
        try {
            JSON json = JSON.parse(new String(storage.load(StorageKeys.retryState(name)), StandardCharsets.UTF_8));
            Instant next = json.get("nextAttempt").asInstant();
            if (json.contains("failedAt")) {
                // Written before the clamp, or by an older peer: hold it to the clamp too.
                next = min(next, latest(json.get("failedAt").asInstant()));
            }
            return Optional.of(new Failure(json.get("attempt").asInt(), next));
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException garbage) {
            // A damaged record must not block issuance forever; treat it as no record.
            return Optional.empty();
        }
    }

    /**
     * Tells until when an attempt for {@code name} must wait.
     *
     * @param name the certificate's primary name
     * @return the earliest allowed time if it is still in the future, otherwise empty (an attempt may start now)
     * @throws IOException if storage failed
     */
    public Optional<Instant> blockedUntil(String name) throws IOException {
        Instant now = clock.instant();
        return lastFailure(name).map(Failure::nextAttempt).filter(next -> next.isAfter(now));
    }

    /**
     * Records a failed attempt and persists when to try next.
     *
     * @param name the certificate's primary name
     * @param retryAfter the CA's {@code Retry-After}, or {@code null}
     * @return the recorded failure
     * @throws IOException if storage failed
     */
    public Failure recordFailure(String name, Instant retryAfter) throws IOException {
        Instant now = clock.instant();
        int attempt = lastFailure(name).map(Failure::attempt).orElse(0) + 1;
        if (retryAfter != null && retryAfter.isAfter(latest(now))) {
            LOG.warn("The CA asked not to retry {} before {} ({} from now); retrying after at most {} instead",
                    name, retryAfter, Duration.between(now, retryAfter), MAX_DELAY);
        }
        Failure failure = new Failure(attempt, nextAttempt(attempt, now, retryAfter));
        String json = new JSONBuilder().put("attempt", attempt).put("failedAt", now)
                .put("nextAttempt", failure.nextAttempt()).toString();
        storage.store(StorageKeys.retryState(name), json.getBytes(StandardCharsets.UTF_8));
        return failure;
    }

    /**
     * Forgets the failures of a name after it was issued.
     *
     * @param name the certificate's primary name
     * @throws IOException if storage failed
     */
    public void recordSuccess(String name) throws IOException {
        storage.delete(StorageKeys.retryState(name));
    }

    private static Instant latest(Instant failedAt) {
        return failedAt.plus(MAX_DELAY);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
