/**
 * DNS questions through dnsjava for DNS-01: finding a name's zone (SOA walk), its authoritative servers (NS),
 * following {@code _acme-challenge} CNAME delegation, and checking that a TXT value is served everywhere.
 */
package dev.certmagic.dns.resolve;
