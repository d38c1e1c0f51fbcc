/**
 * Jetty 12 customizers that install certmagic's TLS context (with ALPN {@code acme-tls/1}) on the main
 * connector and add the plain-HTTP connector. Not API: used by the auto-configuration only.
 */
@NullMarked
package dev.certmagic.autoconfigure.web.jetty;

import org.jspecify.annotations.NullMarked;
