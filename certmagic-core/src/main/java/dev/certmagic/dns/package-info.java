/**
 * DNS SPIs for DNS-01: {@link dev.certmagic.dns.DnsProvider} makes and deletes TXT records,
 * {@link dev.certmagic.dns.TxtLookup} checks that they are visible. API; providers live in the certmagic-dns
 * module.
 */
@NullMarked
package dev.certmagic.dns;

import org.jspecify.annotations.NullMarked;
