package dev.certmagic.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs what happens to the certificates: certmagic publishes its events as Spring application events, so a
 * plain {@code @EventListener} on the event type is all an application writes.
 */
@Component
class CertificateEventLog {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateEventLog.class);

    @EventListener
    void on(CertificateEvent event) {
        if (event instanceof CertificateFailedEvent failed) {
            LOG.warn("Certificate event {} for {}: {}", event.getClass().getSimpleName(), event.names(),
                    failed.cause() == null ? "" : failed.cause().getMessage());
        } else {
            LOG.info("Certificate event {} for {}", event.getClass().getSimpleName(), event.names());
        }
    }
}
