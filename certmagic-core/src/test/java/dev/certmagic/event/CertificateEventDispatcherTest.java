package dev.certmagic.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

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
