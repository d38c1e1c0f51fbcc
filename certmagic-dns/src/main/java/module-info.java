/**
 * certmagic-dns: DNS-01 without user code, through dnsjava: the challenge solver, the RFC 2136 and PowerDNS
 * providers. Start at {@link dev.certmagic.dns.challenge.DnsChallengeSolver}.
 *
 * <p>Exports the API packages. {@code dev.certmagic.dns.resolve} is not API: it is exported only to the
 * auto-configuration (the automatic module {@code dev.certmagic.autoconfigure}), which parses resolver addresses
 * with it. As in certmagic-core, the tests run on the class path, where this descriptor is ignored.
 *
 * <p>{@code module} warnings are suppressed because that automatic module is not on this module's path at compile
 * time (javac reports "module not found" for the qualified export).
 */
@SuppressWarnings("module")
module dev.certmagic.dns {
    requires transitive dev.certmagic.core;
    requires transitive org.shredzone.acme4j;
    requires static transitive org.jspecify;
    requires org.dnsjava;
    requires java.net.http;
    requires org.slf4j;

    exports dev.certmagic.dns.challenge;
    exports dev.certmagic.dns.powerdns;
    exports dev.certmagic.dns.rfc2136;
    exports dev.certmagic.dns.resolve to dev.certmagic.autoconfigure;
}
