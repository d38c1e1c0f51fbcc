package dev.certmagic.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The per-name write cooldown, on a clock the test moves. */
class WriteCooldownTest {

    private static final Instant START = Instant.parse("2026-12-05T00:00:00Z");

    private Clock clock = Clock.fixed(START, ZoneOffset.UTC);

    private final WriteCooldown cooldown = new WriteCooldown(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }, Duration.ofMinutes(60));

    @Test
    void oneWritePerNameWithinTheCooldownAndAgainAfterIt() {
        assertThat(cooldown.tryAcquire("a.example")).isEmpty();
        assertThat(cooldown.tryAcquire("b.example")).as("names are independent").isEmpty();

        clock = Clock.offset(Clock.fixed(START, ZoneOffset.UTC), Duration.ofMinutes(59));
        assertThat(cooldown.tryAcquire("a.example")).contains(START.plus(Duration.ofMinutes(60)));

        clock = Clock.offset(Clock.fixed(START, ZoneOffset.UTC), Duration.ofMinutes(60));
        assertThat(cooldown.tryAcquire("a.example")).isEmpty();
        assertThat(cooldown.tryAcquire("a.example")).contains(START.plus(Duration.ofMinutes(120)));
    }

    @Test
    void anUrgentWriteTakesTheSlotWhateverTheCooldown() {
        assertThat(cooldown.tryAcquire("a.example")).isEmpty();
        cooldown.acquire("a.example");
        assertThat(cooldown.tryAcquire("a.example")).isPresent();
    }
}
