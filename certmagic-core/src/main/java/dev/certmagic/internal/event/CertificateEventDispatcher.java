package dev.certmagic.internal.event;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;

/**
 * Delivers events to registered listeners, each isolated from the others and from the caller: a listener that
 * throws is logged and skipped, so a broken metrics hook can never fail an issuance that already succeeded.
 */
public final class CertificateEventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateEventDispatcher.class);

    private final List<CertificateEventListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates a dispatcher without listeners.
     */
    public CertificateEventDispatcher() {
    }

    /**
     * Registers a listener; it receives events published from now on, after those registered earlier.
     *
     * @param listener the listener
     */
    public void addListener(CertificateEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Unregisters a listener.
     *
     * @param listener the listener
     */
    public void removeListener(CertificateEventListener listener) {
        listeners.remove(listener);
    }

    /**
     * Delivers an event to every listener, in registration order.
     *
     * @param event the event
     */
    public void publish(CertificateEvent event) {
        for (CertificateEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Certificate event listener {} failed on {} for {}", listener,
                        event.getClass().getSimpleName(), event.names(), e);
            }
        }
    }
}
