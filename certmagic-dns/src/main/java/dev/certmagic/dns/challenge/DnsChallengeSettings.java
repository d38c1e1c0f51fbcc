package dev.certmagic.dns.challenge;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.certmagic.dns.resolve.DnsServers;

/**
 * How DNS-01 records are placed and how their propagation is awaited: CertMagic's {@code DNSManager} settings.
 *
 * @param propagationDelay how long to wait after creating the record before the first check
 * @param propagationTimeout how long to wait for the record to be served; negative disables the check
 * @param checkInterval how often to check while waiting
 * @param queryTimeout how long one DNS server may take to answer one question
 * @param resolvers servers used to find zones, name servers and CNAMEs; empty for the system's resolvers
 * @param checkAuthoritative whether propagation is checked at the zone's authoritative servers (otherwise at the
 *     resolvers); CertMagic does so exactly when no resolvers are configured
 * @param authoritativePort the port of the authoritative servers (53 on the Internet; tests use free ports)
 * @param overrideDomain a name whose TXT record replaces {@code _acme-challenge.<name>} for every name
 *     (CertMagic's {@code OverrideDomain}), or {@code null}
 * @param followCname whether a CNAME at {@code _acme-challenge.<name>} is followed to the name really written
 */
public record DnsChallengeSettings(Duration propagationDelay, Duration propagationTimeout, Duration checkInterval,
        Duration queryTimeout, List<InetSocketAddress> resolvers, boolean checkAuthoritative, int authoritativePort,
        String overrideDomain, boolean followCname) {

    /** CertMagic's defaults: no delay, 2 min timeout, checks every 2 s, authoritative servers asked. */
    public static final DnsChallengeSettings DEFAULTS = new DnsChallengeSettings(Duration.ZERO,
            Duration.ofMinutes(2), Duration.ofSeconds(2), Duration.ofSeconds(5), List.of(), true,
            DnsServers.DEFAULT_PORT, null, true);

    /**
     * Checks the values.
     *
     * @param propagationDelay delay before the first check
     * @param propagationTimeout timeout of the check, negative to disable it
     * @param checkInterval interval between checks
     * @param queryTimeout timeout of one question
     * @param resolvers bootstrap resolvers
     * @param checkAuthoritative whether authoritative servers are checked
     * @param authoritativePort their port
     * @param overrideDomain the override name or {@code null}
     * @param followCname whether CNAMEs are followed
     */
    public DnsChallengeSettings {
        Objects.requireNonNull(propagationDelay, "propagationDelay");
        Objects.requireNonNull(propagationTimeout, "propagationTimeout");
        Objects.requireNonNull(checkInterval, "checkInterval");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (propagationDelay.isNegative()) {
            throw new IllegalArgumentException("propagation-delay must not be negative");
        }
        if (checkInterval.isNegative() || checkInterval.isZero() || queryTimeout.isNegative()
                || queryTimeout.isZero()) {
            throw new IllegalArgumentException("the check interval and the query timeout must be positive");
        }
        resolvers = List.copyOf(resolvers);
        overrideDomain = overrideDomain == null || overrideDomain.isBlank() ? null : overrideDomain.strip();
    }

    /**
     * Returns a copy that asks the given resolvers and, as CertMagic does then, checks propagation at them
     * instead of the authoritative servers.
     *
     * @param servers the resolvers
     * @return the copy
     */
    public DnsChallengeSettings withResolvers(List<InetSocketAddress> servers) {
        return new DnsChallengeSettings(propagationDelay, propagationTimeout, checkInterval, queryTimeout, servers,
                servers.isEmpty(), authoritativePort, overrideDomain, followCname);
    }

    /**
     * Returns a copy that finds zones through the given resolvers but checks the authoritative servers, which
     * listen on the given port.
     *
     * @param servers the resolvers
     * @param port the authoritative servers' port
     * @return the copy
     */
    public DnsChallengeSettings withAuthoritativeCheck(List<InetSocketAddress> servers, int port) {
        return new DnsChallengeSettings(propagationDelay, propagationTimeout, checkInterval, queryTimeout, servers,
                true, port, overrideDomain, followCname);
    }

    /**
     * Returns a copy with other propagation timings.
     *
     * @param delay the delay before the first check
     * @param timeout the timeout, negative to disable the check
     * @param interval the interval between checks
     * @return the copy
     */
    public DnsChallengeSettings withPropagation(Duration delay, Duration timeout, Duration interval) {
        return new DnsChallengeSettings(delay, timeout, interval, queryTimeout, resolvers, checkAuthoritative,
                authoritativePort, overrideDomain, followCname);
    }

    /**
     * Returns a copy with an override domain.
     *
     * @param domain the name to write instead of {@code _acme-challenge.<name>}, or {@code null}
     * @return the copy
     */
    public DnsChallengeSettings withOverrideDomain(String domain) {
        return new DnsChallengeSettings(propagationDelay, propagationTimeout, checkInterval, queryTimeout, resolvers,
                checkAuthoritative, authoritativePort, domain, followCname);
    }

    /**
     * Whether propagation is checked at all.
     *
     * @return {@code false} when the timeout is negative
     */
    public boolean checksPropagation() {
        return !propagationTimeout.isNegative();
    }
}
