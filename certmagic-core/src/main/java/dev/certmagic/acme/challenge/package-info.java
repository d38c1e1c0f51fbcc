/**
 * ACME challenge solvers: the {@link dev.certmagic.acme.challenge.ChallengeSolver} SPI, DNS-01 through a
 * {@code DnsProvider}, and the HTTP-01 and TLS-ALPN-01 solvers and responder that the manager binds to its
 * challenge store. API.
 */
@NullMarked
package dev.certmagic.acme.challenge;

import org.jspecify.annotations.NullMarked;
