package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.StorageCleanedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.maintenance.StorageCleaner;
import dev.certmagic.internal.maintenance.StorageCleaning;

/**
 * A sweep that removed something is reported as a {@link StorageCleanedEvent}; one that removed nothing is not.
 */
class StorageCleaningEventTest {

    @TempDir
    Path root;

    @Test
    void aSweepThatRemovedSomethingPublishesWhatItRemoved() throws Exception {
        List<CertificateEvent> events = new CopyOnWriteArrayList<>();
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        dispatcher.addListener(events::add);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (FileStorage storage = FileStorage.builder(root).build()) {
            storage.store(StorageKeys.retryState("gone.clean.example"), "{}".getBytes(StandardCharsets.UTF_8));
            storage.store(StorageKeys.ocspStaple("gone.clean.example", "abc"), new byte[] {1, 2, 3});
            Instant later = Instant.now().plus(Duration.ofDays(3));
            StorageCleaning cleaning = new StorageCleaning(new StorageCleaner(storage,
                    Clock.fixed(later, ZoneOffset.UTC), Duration.ofDays(1), Set::of), dispatcher, scheduler,
                    Duration.ofHours(24));

            cleaning.sweep();
            cleaning.sweep(); // within the interval: skipped, no second event

            assertThat(events).hasSize(1).first().isInstanceOfSatisfying(StorageCleanedEvent.class, cleaned -> {
                assertThat(cleaned.names()).isEmpty();
                assertThat(cleaned.staples()).isEqualTo(1);
                assertThat(cleaned.retries()).isEqualTo(1);
                assertThat(cleaned.challenges()).isZero();
                assertThat(cleaned.time()).isEqualTo(later);
            });
        } finally {
            scheduler.shutdownNow();
        }
    }
}
