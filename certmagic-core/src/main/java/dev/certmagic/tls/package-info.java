/**
 * What a TLS server needs from the manager: {@link dev.certmagic.tls.TlsDefaults}, ALPN
 * ({@link dev.certmagic.tls.ApplicationProtocols}), challenge certificates, handshake counters and the
 * {@link dev.certmagic.tls.MissingCertificateHandler} SPI. API; the key manager itself is in {@code internal.tls}.
 */
@NullMarked
package dev.certmagic.tls;

import org.jspecify.annotations.NullMarked;
