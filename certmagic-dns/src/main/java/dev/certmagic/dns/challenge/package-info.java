/**
 * The DNS-01 challenge solver with CertMagic's {@code DNSManager} behaviour: delegation, propagation delay and
 * timeout, resolvers.
 */
package dev.certmagic.dns.challenge;
