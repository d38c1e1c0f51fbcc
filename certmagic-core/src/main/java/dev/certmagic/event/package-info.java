/**
 * Typed certificate events (the sealed {@link dev.certmagic.event.CertificateEvent} and its records) and
 * {@link dev.certmagic.event.CertificateEventListener}. API.
 */
@NullMarked
package dev.certmagic.event;

import org.jspecify.annotations.NullMarked;
