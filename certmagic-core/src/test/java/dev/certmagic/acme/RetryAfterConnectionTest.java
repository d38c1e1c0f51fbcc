package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Reading {@code Retry-After} on the manager's clock: delay-seconds count from "now", an HTTP-date keeps its
 * distance from the response's {@code Date}, and an unreadable value counts as none.
 */
class RetryAfterConnectionTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void delaySecondsCountFromTheInjectedNow() {
        assertThat(RetryAfterConnection.retryAt(" 120 ", Optional.of("Tue, 05 May 2026 12:00:00 GMT"), NOW))
                .contains(NOW.plusSeconds(120));
        assertThat(RetryAfterConnection.retryAt("0", Optional.empty(), NOW)).contains(NOW);
    }

    @Test
    void anHttpDateKeepsItsDistanceFromTheResponsesDate() {
        assertThat(RetryAfterConnection.retryAt("Tue, 05 May 2026 12:05:00 GMT",
                Optional.of("Tue, 05 May 2026 12:00:00 GMT"), NOW)).contains(NOW.plusSeconds(300));
        assertThat(RetryAfterConnection.retryAt("Tue, 05 May 2026 11:00:00 GMT",
                Optional.of("Tue, 05 May 2026 12:00:00 GMT"), NOW)).as("in the past: now").contains(NOW);
        assertThat(RetryAfterConnection.retryAt("Tue, 05 May 2026 12:05:00 GMT", Optional.empty(), NOW))
                .as("no Date: taken as absolute").contains(Instant.parse("2026-05-05T12:05:00Z"));
    }

    @Test
    void anUnreadableValueCountsAsNone() {
        assertThat(RetryAfterConnection.retryAt("soon", Optional.empty(), NOW)).isEmpty();
        assertThat(RetryAfterConnection.retryAt("", Optional.empty(), NOW)).isEmpty();
    }
}
