package dev.certmagic.autoconfigure.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateObtainingEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The sample application's shape for the operations tests, with a gate that holds the first orders until the test
 * has seen the application without certificates.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class OperationsTestApplication {

    @Bean
    IssuanceGate issuanceGate() {
        return new IssuanceGate();
    }

    @Bean
    SpringEvents springEvents() {
        return new SpringEvents();
    }

    /** Every certificate event that arrived as a Spring application event. */
    static class SpringEvents {

        final List<CertificateEvent> received = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CertificateEvent event) {
            received.add(event);
        }
    }

    /** Holds every order at its start (on the issuing thread, as any listener runs) until opened. */
    static class IssuanceGate {

        private final CountDownLatch open = new CountDownLatch(1);

        @EventListener
        void on(CertificateObtainingEvent event) throws InterruptedException {
            if (!open.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never opened the issuance gate");
            }
        }

        void open() {
            open.countDown();
        }
    }
}
