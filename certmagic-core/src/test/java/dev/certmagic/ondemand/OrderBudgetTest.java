package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class OrderBudgetTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theLifetimeCapRefusesOrdersBeyondMaxObtain() {
        OrderBudget budget = new OrderBudget(3, 0, null);

        for (int i = 0; i < 3; i++) {
            assertThat(budget.tryClaim(T0.plusSeconds(i * 3600L))).isEqualTo(OnDemandVerdict.ALLOWED);
        }
        assertThat(budget.tryClaim(T0.plus(Duration.ofDays(365)))).isEqualTo(OnDemandVerdict.MAX_OBTAIN_REACHED);
        assertThat(budget.started()).isEqualTo(3);
    }

    @Test
    void theRateLimitSlidesWithTime() {
        OrderBudget budget = new OrderBudget(Long.MAX_VALUE, 2, Duration.ofMinutes(1));

        assertThat(budget.tryClaim(T0)).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(budget.tryClaim(T0.plusSeconds(30))).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(budget.tryClaim(T0.plusSeconds(59))).isEqualTo(OnDemandVerdict.RATE_LIMITED);
        // The first order leaves the window at T0+60s; the second still occupies it.
        assertThat(budget.tryClaim(T0.plusSeconds(60))).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(budget.tryClaim(T0.plusSeconds(61))).isEqualTo(OnDemandVerdict.RATE_LIMITED);
        assertThat(budget.tryClaim(T0.plusSeconds(90))).isEqualTo(OnDemandVerdict.ALLOWED);
    }

    @Test
    void aRateLimitedClaimDoesNotSpendTheLifetimeCap() {
        OrderBudget budget = new OrderBudget(2, 1, Duration.ofMinutes(1));

        assertThat(budget.tryClaim(T0)).isEqualTo(OnDemandVerdict.ALLOWED);
        for (int i = 1; i <= 10; i++) {
            assertThat(budget.tryClaim(T0.plusSeconds(i))).isEqualTo(OnDemandVerdict.RATE_LIMITED);
        }
        assertThat(budget.tryClaim(T0.plusSeconds(120))).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(budget.tryClaim(T0.plusSeconds(240))).isEqualTo(OnDemandVerdict.MAX_OBTAIN_REACHED);
    }
}
