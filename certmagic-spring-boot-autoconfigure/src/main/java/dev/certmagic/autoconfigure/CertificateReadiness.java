package dev.certmagic.autoconfigure;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;

/**
 * Keeps the application's readiness at {@link ReadinessState#REFUSING_TRAFFIC} until every configured name has a
 * valid certificate in the cache, then publishes {@link ReadinessState#ACCEPTING_TRAFFIC} once. A load balancer
 * that follows readiness therefore never sends a client to an instance that would fail its handshake.
 *
 * <p>Spring Boot itself publishes {@code ACCEPTING_TRAFFIC} when the application is ready, which may be before
 * the CA answered; this listener answers that event with {@code REFUSING_TRAFFIC} while a name still waits. It is
 * registered after Boot's availability bean so that its answer is the last word.
 *
 * <p>The names still waiting are kept in a set: gating begins with one pass over every name, and each
 * certificate event then checks only the names it carries, so thousands of names loading at startup cost one
 * check each rather than a pass over all of them per event (and events from parallel loads never queue on a
 * lock).
 */
final class CertificateReadiness implements ApplicationListener<AvailabilityChangeEvent<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReadiness.class);

    private final CertificateManager manager;

    private final List<String> names;

    private final ApplicationEventPublisher publisher;

    private final Clock clock;

    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

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
        waiting.addAll(names);
        armed = true;
        if (!refresh(names)) {
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
        if (event instanceof CertificateCachedEvent cached) {
            refresh(cached.names());
        }
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (armed && event.getSource() != this && event.getState() == ReadinessState.ACCEPTING_TRAFFIC
                && !refresh(List.of())) {
            AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }

    /** Drops the candidates that now have a valid certificate; publishes readiness once none is waiting. */
    private boolean refresh(List<String> candidates) {
        if (ready || !armed) {
            return ready;
        }
        Instant now = clock.instant();
        for (String name : candidates) {
            if (waiting.contains(name) && hasValidCertificate(name, now)) {
                waiting.remove(name);
            }
        }
        if (!waiting.isEmpty()) {
            return false;
        }
        synchronized (this) {
            if (ready) {
                return true;
            }
            // Checked again as a whole once: nothing expired between the first check of a name and the last.
            for (String name : names) {
                if (!hasValidCertificate(name, now)) {
                    waiting.add(name);
                    return false;
                }
            }
            ready = true;
        }
        LOG.info("certmagic: every configured name has a valid certificate {}; accepting traffic",
                CertMagicLifecycle.describe(names));
        AvailabilityChangeEvent.publish(publisher, this, ReadinessState.ACCEPTING_TRAFFIC);
        return true;
    }

    private boolean hasValidCertificate(String name, Instant now) {
        for (ManagedCertificate certificate : manager.view().cached(name)) {
            if (!certificate.notBefore().isAfter(now) && certificate.notAfter().isAfter(now)) {
                return true;
            }
        }
        return false;
    }
}
