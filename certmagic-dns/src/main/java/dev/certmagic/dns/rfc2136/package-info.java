/**
 * DNS-01 through RFC 2136 dynamic updates signed with TSIG.
 */
package dev.certmagic.dns.rfc2136;
