package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class DenialMemoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aDenialIsRememberedUntilItsTtlEnds() {
        DenialMemory memory = new DenialMemory(Duration.ofMinutes(1), 100);
        memory.remember("a.example.com", OnDemandVerdict.DENIED_BY_ASK, T0);

        assertThat(memory.recall("a.example.com", T0.plusSeconds(59))).isEqualTo(OnDemandVerdict.DENIED_BY_ASK);
        assertThat(memory.recall("b.example.com", T0.plusSeconds(1))).isNull();
        assertThat(memory.recall("a.example.com", T0.plusSeconds(60))).isNull();
        assertThat(memory.size()).isZero();
    }

    @Test
    void aFloodOfNamesNeverGrowsTheMemoryBeyondItsCapacity() {
        DenialMemory memory = new DenialMemory(Duration.ofHours(1), 1000);
        memory.remember("repeated.example.com", OnDemandVerdict.DENIED_BY_ASK, T0);

        for (int i = 0; i < 50_000; i++) {
            memory.remember("random-" + i + ".example.com", OnDemandVerdict.DENIED_BY_ASK, T0);
            if (i % 100 == 0) {
                // A name that keeps coming back stays remembered (least recently used go first).
                assertThat(memory.recall("repeated.example.com", T0)).isNotNull();
            }
        }

        assertThat(memory.size()).isEqualTo(1000);
        assertThat(memory.recall("repeated.example.com", T0)).isEqualTo(OnDemandVerdict.DENIED_BY_ASK);
        assertThat(memory.recall("random-0.example.com", T0)).isNull();
    }
}
