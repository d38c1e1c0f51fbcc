package dev.certmagic.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.certmagic.event.StorageCleanedEvent;

/**
 * What a storage sweep removed becomes the {@code certmagic.storage.cleaned} counter, one series per kind, present
 * at zero before any sweep.
 */
class StorageCleanedMetricTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final CertificateEventMeters meters = new CertificateEventMeters(registry, () -> { });

    private double cleaned(String kind) {
        return registry.get("certmagic.storage.cleaned").tag("kind", kind).counter().count();
    }

    @Test
    void everyKindHasASeriesAtZeroBeforeAnySweep() {
        for (String kind : List.of("certificate", "ocsp_staple", "retry", "challenge")) {
            assertThat(cleaned(kind)).as(kind).isZero();
        }
    }

    @Test
    void aSweepAddsWhatItRemovedPerKind() {
        meters.onEvent(new StorageCleanedEvent(List.of("a.example", "b.example"), 3, 1, 4, Instant.now()));
        meters.onEvent(new StorageCleanedEvent(List.of("c.example"), 0, 0, 1, Instant.now()));

        assertThat(cleaned("certificate")).isEqualTo(3);
        assertThat(cleaned("ocsp_staple")).isEqualTo(3);
        assertThat(cleaned("retry")).isEqualTo(1);
        assertThat(cleaned("challenge")).isEqualTo(5);
    }
}
