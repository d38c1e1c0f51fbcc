package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.certmagic.issuance.IssuanceException;
import org.junit.jupiter.api.Test;

/**
 * The CA's {@code Retry-After} keeps its delay when moved from acme4j's system clock onto the manager's clock.
 */
class RetryAfterClockTest {

    private static final Instant WALL = Instant.parse("2026-05-01T12:00:00.400Z");
    private static final Instant VIRTUAL = Instant.parse("2030-01-01T00:00:00Z");
    private final RetryAfterClock clocks = new RetryAfterClock(Clock.fixed(VIRTUAL, ZoneOffset.UTC),
            Clock.fixed(WALL, ZoneOffset.UTC));

    @Test
    void theDelayIsKeptAndRoundedUpToWholeSeconds() {
        // acme4j adds the seconds to the response's Date, which was truncated to 12:00:00.
        assertThat(clocks.rebase(Instant.parse("2026-05-01T12:02:00Z"))).isEqualTo(VIRTUAL.plusSeconds(120));
        assertThat(clocks.rebase(WALL.plusSeconds(30))).isEqualTo(VIRTUAL.plusSeconds(30));
    }

    @Test
    void aTimeInThePastMeansNowAndNoTimeStaysNone() {
        assertThat(clocks.rebase(WALL.minusSeconds(60))).isEqualTo(VIRTUAL);
        assertThat(clocks.rebase((Instant) null)).isNull();
    }

    @Test
    void anExceptionKeepsMessageRetryabilityAndCause() {
        IOException cause = new IOException("503");
        IssuanceException rebased = clocks.rebase(new IssuanceException("busy", true, WALL.plusSeconds(10), cause));

        assertThat(rebased).hasMessage("busy").hasCause(cause);
        assertThat(rebased.retryable()).isTrue();
        assertThat(rebased.retryAfter()).contains(VIRTUAL.plusSeconds(10));
        IssuanceException without = new IssuanceException("x", true, null, null);
        assertThat(clocks.rebase(without)).isSameAs(without);
    }
}
