package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.MutableClock;

class RetryScheduleTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final MemoryStorage storage = new MemoryStorage();
    private final MutableClock clock = new MutableClock(T0);
    private final RetrySchedule schedule = new RetrySchedule(storage, clock);

    @Test
    void theDelaysAreOneMinuteTenMinutesHundredMinutesThenOneDay() {
        assertThat(RetrySchedule.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetrySchedule.delayAfter(2)).isEqualTo(Duration.ofMinutes(10));
        assertThat(RetrySchedule.delayAfter(3)).isEqualTo(Duration.ofMinutes(100));
        assertThat(RetrySchedule.delayAfter(4)).isEqualTo(Duration.ofDays(1));
        assertThat(RetrySchedule.delayAfter(40)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void successiveFailuresBackOffFromTheTimeOfEachFailure() throws Exception {
        assertThat(schedule.recordFailure("a.example.com", null))
                .isEqualTo(new RetrySchedule.Failure(1, T0.plus(Duration.ofMinutes(1))));
        clock.advance(Duration.ofMinutes(1));
        assertThat(schedule.recordFailure("a.example.com", null))
                .isEqualTo(new RetrySchedule.Failure(2, T0.plus(Duration.ofMinutes(11))));
    }

    @Test
    void aLaterRetryAfterFromTheCaWinsAndAnEarlierOneIsIgnored() throws Exception {
        Instant caSays = T0.plus(Duration.ofHours(3));
        assertThat(schedule.recordFailure("late.example.com", caSays).nextAttempt()).isEqualTo(caSays);
        assertThat(schedule.recordFailure("early.example.com", T0.plusSeconds(5)).nextAttempt())
                .isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void theStateSurvivesARestartOverTheSameStorage() throws Exception {
        schedule.recordFailure("a.example.com", null);
        schedule.recordFailure("a.example.com", null);

        RetrySchedule restarted = new RetrySchedule(new MemoryStorage(sharedOf()), clock);
        assertThat(restarted.blockedUntil("a.example.com")).contains(T0.plus(Duration.ofMinutes(10)));
        assertThat(restarted.recordFailure("a.example.com", null).attempt()).isEqualTo(3);
    }

    @Test
    void anAttemptIsAllowedOnceTheScheduledTimeHasComeAndSuccessForgetsTheFailures() throws Exception {
        schedule.recordFailure("a.example.com", null);
        clock.advance(Duration.ofSeconds(59));
        assertThat(schedule.blockedUntil("a.example.com")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(schedule.blockedUntil("a.example.com")).isEmpty();

        schedule.recordSuccess("a.example.com");
        assertThat(schedule.lastFailure("a.example.com")).isEmpty();
        assertThat(storage.keys()).doesNotContain(StorageKeys.retryState("a.example.com"));
    }

    @Test
    void aDamagedRecordDoesNotBlockIssuance() throws Exception {
        storage.store(StorageKeys.retryState("a.example.com"), "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(schedule.blockedUntil("a.example.com")).isEmpty();
        assertThat(schedule.recordFailure("a.example.com", null).attempt()).isEqualTo(1);
    }

    @Test
    void aRetryAfterYearsAheadIsHeldToOneDayAndTheWaitTheCaAskedIsLogged() throws Exception {
        Instant caSays = T0.plus(Duration.ofDays(3650));
        PrintStream realErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        RetrySchedule.Failure failure;
        try {
            failure = schedule.recordFailure("parked.example.com", caSays);
        } finally {
            System.setErr(realErr);
        }

        assertThat(failure.nextAttempt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("WARN", "parked.example.com", caSays.toString());
        clock.advance(Duration.ofDays(1));
        assertThat(schedule.blockedUntil("parked.example.com")).isEmpty();
    }

    @Test
    void aRetryAfterWithinADayIsHonouredExactly() throws Exception {
        Instant caSays = T0.plus(Duration.ofHours(23));

        assertThat(schedule.recordFailure("busy.example.com", caSays).nextAttempt()).isEqualTo(caSays);
        assertThat(RetrySchedule.nextAttempt(9, T0, T0.plus(Duration.ofDays(2))))
                .isEqualTo(T0.plus(Duration.ofDays(1)));
    }

    @Test
    void aStoredRecordThatParksANameForYearsIsHeldToOneDayAfterItsFailure() throws Exception {
        // As written before the clamp existed (or by an older peer sharing the storage).
        String json = "{\"attempt\":2,\"failedAt\":\"" + T0 + "\",\"nextAttempt\":\""
                + T0.plus(Duration.ofDays(3650)) + "\"}";
        storage.store(StorageKeys.retryState("old.example.com"), json.getBytes(StandardCharsets.UTF_8));

        assertThat(schedule.blockedUntil("old.example.com")).contains(T0.plus(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(1));
        assertThat(schedule.blockedUntil("old.example.com")).isEmpty();
        assertThat(schedule.recordFailure("old.example.com", null).attempt()).isEqualTo(3);
    }

    private MemoryStorage.Shared sharedOf() throws Exception {
        MemoryStorage.Shared shared = new MemoryStorage.Shared();
        MemoryStorage copy = new MemoryStorage(shared);
        for (String key : storage.keys()) {
            copy.store(key, storage.load(key));
        }
        return shared;
    }
}
