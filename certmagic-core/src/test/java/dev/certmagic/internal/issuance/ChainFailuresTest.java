package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.certmagic.issuance.IssuanceException;

class ChainFailuresTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private static final List<String> NAMES = List.of("chain.example");

    @Test
    void oneIssuersFailureIsReportedUnchanged() {
        ChainFailures failures = new ChainFailures();
        IssuanceException only = new IssuanceException("rate limited", true, T0.plusSeconds(3600), null);
        failures.add("a", only, T0);
        assertThat(failures.combined(NAMES)).isSameAs(only);
    }

    @Test
    void severalFailuresNameEachIssuerAndWaitForTheEarliestRetryAfterOnlyWhenEveryRetryableIssuerAskedForOne() {
        ChainFailures waiting = new ChainFailures();
        waiting.add("a", new IssuanceException("rate limited", true, T0.plusSeconds(7200), null), T0);
        waiting.add("b", new IssuanceException("maintenance", true, T0.plusSeconds(600), null), T0);
        waiting.add("c", new IssuanceException("refuses localhost", false, null, null), T0);
        IssuanceException combined = waiting.combined(NAMES);
        assertThat(combined.getMessage()).contains("a: rate limited").contains("b: maintenance")
                .contains("c: refuses localhost");
        assertThat(combined.retryable()).isTrue();
        assertThat(combined.retryAfter()).contains(T0.plusSeconds(600));

        ChainFailures oneWithout = new ChainFailures();
        oneWithout.add("a", new IssuanceException("rate limited", true, T0.plusSeconds(7200), null), T0);
        oneWithout.add("b", new IssuanceException("unreachable", true, null, null), T0);
        assertThat(oneWithout.combined(NAMES).retryAfter()).as("the schedule decides").isEmpty();

        ChainFailures none = new ChainFailures();
        none.add("a", new IssuanceException("refuses localhost", false, null, null), T0);
        none.add("b", new IssuanceException("refuses localhost", false, null, null), T0);
        assertThat(none.combined(NAMES).retryable()).as("no issuer can ever issue").isFalse();
        assertThat(none.failures()).extracting(f -> f.issuerKey()).containsExactly("a", "b");
    }
}
