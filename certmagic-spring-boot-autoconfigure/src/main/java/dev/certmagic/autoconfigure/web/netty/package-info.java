/**
 * Reactor Netty (WebFlux) wiring: HTTPS on {@code server.port} with a certificate chosen per ClientHello (SNI and
 * ALPN) off the event loop when it must wait, one Netty {@code SslContext} per certificate (JDK or BoringSSL), and
 * the plain-HTTP server for HTTP-01 and redirects. Not API: used by the auto-configuration only.
 */
@NullMarked
package dev.certmagic.autoconfigure.web.netty;

import org.jspecify.annotations.NullMarked;
