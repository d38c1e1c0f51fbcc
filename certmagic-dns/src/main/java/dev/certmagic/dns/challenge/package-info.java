/**
 * The DNS-01 challenge solver with CertMagic's {@code DNSManager} behaviour: delegation, propagation delay and
 * timeout, resolvers.
 *
 * <p>API.
 */
@NullMarked
package dev.certmagic.dns.challenge;

import org.jspecify.annotations.NullMarked;
