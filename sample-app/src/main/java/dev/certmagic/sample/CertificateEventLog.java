package dev.certmagic.sample;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.OnDemandDecisionEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs what happens to the certificates: certmagic publishes its events as Spring application events, so a
 * plain {@code @EventListener} on the event type is all an application writes.
 *
 * <p>On-demand refusals are logged at DEBUG only: certmagic publishes one for each refused handshake, on the server
 * thread running that handshake, and any client can send as many fresh names as it likes. At INFO, an on-demand
 * flood wrote one line per handshake (7,855 in 30 s) and a thread dump showed about 170 of Tomcat's 200 workers
 * waiting for the log appender's lock, while a handshake for a served name waited for a free worker
 * (benchmarks/RESULTS.md, "On-demand flood").
 */
@Component
class CertificateEventLog {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateEventLog.class);

    @EventListener
    void on(CertificateEvent event) {
        if (event instanceof CertificateFailedEvent failed) {
            LOG.warn("Certificate event {} for {}: {}", event.getClass().getSimpleName(), event.names(),
                    failed.cause() == null ? "" : failed.cause().getMessage());
        } else if (event instanceof OnDemandDecisionEvent decision && !decision.verdict().allowed()) {
            LOG.debug("Certificate event {} for {}: {}", event.getClass().getSimpleName(), event.names(),
                    decision.verdict());
        } else {
            LOG.info("Certificate event {} for {}", event.getClass().getSimpleName(), event.names());
        }
    }
}
