package dev.certmagic.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateObtainingEvent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample application's shape, for the integration tests: one controller, typed certificate event
 * listeners (one of which throws), and a record of readiness changes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class PebbleTestApplication {

    @Bean
    Recorder recorder() {
        return new Recorder();
    }

    /** Registered as a member class of this configuration. */
    @RestController
    static class Hello {

        @GetMapping("/")
        String hello() {
            return "Hello, HTTPS visitor!";
        }
    }

    /** Records what the application saw, as a user's {@code @EventListener}s would. */
    static class Recorder {

        final List<CertificateObtainedEvent> obtained = new CopyOnWriteArrayList<>();

        final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();

        @EventListener
        void on(CertificateObtainedEvent event) {
            obtained.add(event);
        }

        @EventListener
        void on(CertificateObtainingEvent event) {
            throw new IllegalStateException("a broken listener must not break issuance");
        }

        @EventListener
        void on(AvailabilityChangeEvent<ReadinessState> event) {
            readiness.add(event.getState());
        }
    }
}
