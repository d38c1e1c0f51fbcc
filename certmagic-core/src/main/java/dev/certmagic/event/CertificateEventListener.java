package dev.certmagic.event;

import dev.certmagic.internal.event.CertificateEventDispatcher;

/**
 * Receives certificate events. Called synchronously on the thread that did the work, so return quickly; an
 * exception thrown here is logged and never breaks issuance (see {@link CertificateEventDispatcher}).
 */
@FunctionalInterface
public interface CertificateEventListener {

    /**
     * Handles one event.
     *
     * @param event the event
     */
    void onEvent(CertificateEvent event);
}
