/**
 * DNS-01 through the PowerDNS Authoritative HTTP API.
 *
 * <p>API.
 */
@NullMarked
package dev.certmagic.dns.powerdns;

import org.jspecify.annotations.NullMarked;
