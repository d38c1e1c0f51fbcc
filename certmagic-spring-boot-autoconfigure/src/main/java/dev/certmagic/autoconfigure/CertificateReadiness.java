package dev.certmagic.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Keeps the application's readiness at {@link ReadinessState#REFUSING_TRAFFIC} until every configured name has a
 * valid certificate in the cache, then publishes {@link ReadinessState#ACCEPTING_TRAFFIC} once. A load balancer
 * that follows readiness therefore never sends a client to an instance that would fail its handshake.
 *
 * <p>Spring Boot itself publishes {@code ACCEPTING_TRAFFIC} when the application is ready, which may be before
 * the CA answered; this listener answers that event with {@code REFUSING_TRAFFIC} while a name still waits. It is
 * registered after Boot's availability bean so that its answer is the last word.
 */
final class CertificateReadiness implements ApplicationListener<AvailabilityChangeEvent<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReadiness.class);

    private final CertificateManager manager;

    private final List<String> names;

    private final ApplicationEventPublisher publisher;

    private final Clock clock;

    private volatile boolean armed;

    private volatile boolean ready;

    CertificateReadiness(CertificateManager manager, List<String> names, ApplicationEventPublisher publisher,
            Clock clock) {
        this.manager = manager;
        this.names = names.stream().map(HostNames::normalize).toList();
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Starts gating: refuses traffic unless every name already has a valid certificate. */
    void begin() {
        armed = true;
        if (!refresh()) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }

    /** Stops gating, for shutdown: Boot's own readiness events are no longer answered. */
    void end() {
        armed = false;
    }

    /** Whether every configured name has had a valid certificate since gating began. */
    boolean isReady() {
        return ready;
    }

    /** Re-checks on every certificate swapped into the cache; registered on the manager by the lifecycle. */
    void onCertificateEvent(CertificateEvent event) {
        if (event instanceof CertificateCachedEvent) {
            refresh();
        }
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (armed && event.getSource() != this && event.getState() == ReadinessState.ACCEPTING_TRAFFIC
                && !refresh()) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }

    private synchronized boolean refresh() {
        if (ready || !armed) {
            return ready;
        }
        Instant now = clock.instant();
        for (String name : names) {
            if (!hasValidCertificate(name, now)) {
                return false;
            }
        }
        ready = true;
        LOG.info("certmagic: every configured name has a valid certificate {}; accepting traffic", names);
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
        return true;
    }

    private boolean hasValidCertificate(String name, Instant now) {
        for (ManagedCertificate certificate : manager.cache().forName(name)) {
            if (!certificate.notBefore().isAfter(now) && certificate.notAfter().isAfter(now)) {
                return true;
            }
        }
        return false;
    }
}
