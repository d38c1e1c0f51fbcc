package dev.certmagic.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every core {@link CertificateEvent} as a Spring application event. Spring wraps a non-
 * {@code ApplicationEvent} object in a {@code PayloadApplicationEvent} and matches {@code @EventListener}
 * methods by the payload's type, so {@code @EventListener void on(CertificateObtainedEvent e)} receives exactly
 * those events.
 *
 * <p>Listeners run synchronously on the thread that did the work; one that throws is logged here and never
 * reaches issuance, which must not fail because an observer did.
 */
final class SpringEventBridge implements CertificateEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(SpringEventBridge.class);

    private final ApplicationEventPublisher publisher;

    SpringEventBridge(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onEvent(CertificateEvent event) {
        try {
            publisher.publishEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("An application listener of {} for {} failed; certificate management goes on",
                    event.getClass().getSimpleName(), event.names(), e);
        }
    }
}
