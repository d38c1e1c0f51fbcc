package dev.certmagic.ondemand;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/** The budget claim of one on-demand request: at most one order, however often the issuer calls it. */
final class BudgetPermit implements OrderPermit {

    private final OrderBudget budget;

    private final Clock clock;

    private final LongAdder ordersStarted;

    private boolean claimed;

    BudgetPermit(OrderBudget budget, Clock clock, LongAdder ordersStarted) {
        this.budget = budget;
        this.clock = clock;
        this.ordersStarted = ordersStarted;
    }

    @Override
    public synchronized void acquire() throws OnDemandDeniedException {
        if (claimed) {
            return;
        }
        OnDemandVerdict verdict = budget.tryClaim(clock.instant());
        if (!verdict.allowed()) {
            throw new OnDemandDeniedException(verdict);
        }
        claimed = true;
        ordersStarted.increment();
    }
}
