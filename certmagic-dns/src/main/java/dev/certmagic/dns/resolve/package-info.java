/**
 * DNS questions through dnsjava for DNS-01: finding a name's zone (SOA walk), its authoritative servers (NS),
 * following {@code _acme-challenge} CNAME delegation, and checking that a TXT value is served everywhere.
 *
 * <p>Not API: may change without notice. Public only so that the solver, the providers and the auto-configuration
 * can share it.
 */
@NullMarked
package dev.certmagic.dns.resolve;

import org.jspecify.annotations.NullMarked;
