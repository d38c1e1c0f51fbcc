package dev.certmagic.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.event.CertificateObtainedEvent;

class CertificateEventDispatcherTest {

    @Test
    void aThrowingListenerIsSkippedAndTheOthersStillReceiveTheEventInOrder() {
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        List<String> received = new ArrayList<>();
        dispatcher.addListener(e -> received.add("first"));
        dispatcher.addListener(e -> {
            throw new IllegalStateException("broken");
        });
        dispatcher.addListener(e -> received.add("third:" + e.names().get(0)));

        dispatcher.publish(new CertificateObtainedEvent(List.of("a.example.com"), "ca", Instant.EPOCH,
                Instant.EPOCH));

        assertThat(received).containsExactly("first", "third:a.example.com");
    }

    @Test
    void aRemovedListenerReceivesNothing() {
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        List<CertificateEvent> received = new ArrayList<>();
        CertificateEventListener listener = received::add;
        dispatcher.addListener(listener);
        dispatcher.removeListener(listener);

        dispatcher.publish(new CertificateCachedEvent(List.of("a.example.com"), Instant.EPOCH, Instant.EPOCH));

        assertThat(received).isEmpty();
    }
}
