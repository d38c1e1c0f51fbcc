/**
 * DNS-01 through RFC 2136 dynamic updates signed with TSIG.
 *
 * <p>API.
 */
@NullMarked
package dev.certmagic.dns.rfc2136;

import org.jspecify.annotations.NullMarked;
