/**
 * DNS-01 through the PowerDNS Authoritative HTTP API.
 */
package dev.certmagic.dns.powerdns;
