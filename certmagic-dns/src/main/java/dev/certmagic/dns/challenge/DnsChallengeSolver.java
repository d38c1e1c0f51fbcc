package dev.certmagic.dns.challenge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.resolve.AuthoritativeServers;
import dev.certmagic.dns.resolve.CnameChain;
import dev.certmagic.dns.resolve.DnsQueries;
import dev.certmagic.dns.resolve.DnsServers;
import dev.certmagic.dns.resolve.TxtVisibility;
import dev.certmagic.dns.resolve.ZoneFinder;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * Solves DNS-01 through a {@link DnsProvider}, the port of CertMagic's {@code DNS01Solver} with its
 * {@code DNSManager}: the record goes to {@code _acme-challenge.<name>} (or the override domain), following a CNAME
 * there to the zone that is really written (lego's delegation); then, after the propagation delay, every
 * authoritative server of that zone (or every configured resolver) is asked until all serve the value or the
 * propagation timeout passes. The record is removed after validation whatever its outcome.
 */
public final class DnsChallengeSolver implements ChallengeSolver {

    private static final Logger LOG = LoggerFactory.getLogger(DnsChallengeSolver.class);

    private final DnsProvider provider;
    private final DnsChallengeSettings settings;
    private final DnsQueries queries;
    private final Map<String, Name> written = new ConcurrentHashMap<>();

    /**
     * Creates the solver.
     *
     * @param provider where TXT records are made
     * @param settings propagation and delegation settings
     */
    public DnsChallengeSolver(DnsProvider provider, DnsChallengeSettings settings) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queries = new DnsQueries(settings.queryTimeout());
    }

    @Override
    public String challengeType() {
        return Dns01Challenge.TYPE;
    }

    @Override
    public boolean supports(String identifier) {
        return true;
    }

    @Override
    public void present(String identifier, Challenge challenge) throws IOException, InterruptedException {
        String value = ((Dns01Challenge) challenge).getDigest();
        Name target = target(identifier);
        try {
            provider.appendTxt(target.toString(), value);
        } catch (IOException e) {
            throw new IOException("Could not create the TXT record " + target + " for " + identifier + ": "
                    + e.getMessage(), e);
        }
        written.put(key(identifier, value), target);
        awaitPropagation(identifier, target, value);
    }

    @Override
    public void cleanUp(String identifier, Challenge challenge) {
        String value = ((Dns01Challenge) challenge).getDigest();
        Name target = written.remove(key(identifier, value));
        if (target == null) {
            return;
        }
        try {
            provider.deleteTxt(target.toString(), value);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the DNS-01 TXT record {} of {}: {}", target, identifier, e.getMessage());
        }
    }

    /** Where the TXT record of a name is written: the override domain or the end of the CNAME chain. */
    Name target(String identifier) throws IOException {
        String base = identifier.startsWith("*.") ? identifier.substring(2) : identifier;
        Name name = DnsQueries.absolute(settings.overrideDomain() != null ? settings.overrideDomain()
                : "_acme-challenge." + base);
        if (!settings.followCname()) {
            return name;
        }
        try {
            return new CnameChain(queries).follow(name, resolvers());
        } catch (IOException e) {
            throw new IOException("Could not look up a CNAME delegation of " + name + " for " + identifier + ": "
                    + e.getMessage(), e);
        }
    }

    private void awaitPropagation(String identifier, Name target, String value)
            throws IOException, InterruptedException {
        if (!settings.propagationDelay().isZero()) {
            Thread.sleep(settings.propagationDelay().toMillis());
        }
        if (!settings.checksPropagation()) {
            return;
        }
        List<InetSocketAddress> servers = serversToCheck(target);
        TxtVisibility visibility = new TxtVisibility(queries);
        long deadline = System.nanoTime() + settings.propagationTimeout().toNanos();
        while (true) {
            TxtVisibility.Result result = visibility.check(target, value, servers, settings.checkAuthoritative());
            if (result.visible()) {
                LOG.debug("DNS-01 record {} of {} is served by {}", target, identifier,
                        DnsServers.describe(servers));
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("The DNS-01 TXT record " + target + " for " + identifier
                        + " was not served by every server asked within " + settings.propagationTimeout()
                        + " (servers asked: " + DnsServers.describe(servers) + "; missing at "
                        + String.join("; ", result.missing()) + ")");
            }
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Thread.sleep(Math.min(settings.checkInterval().toMillis(), left));
        }
    }

    private List<InetSocketAddress> serversToCheck(Name target) throws IOException {
        List<InetSocketAddress> resolvers = resolvers();
        if (!settings.checkAuthoritative()) {
            return resolvers;
        }
        try {
            ZoneFinder.Zone zone = new ZoneFinder(queries).find(target, resolvers);
            return new AuthoritativeServers(queries, settings.authoritativePort()).of(zone.name(), resolvers);
        } catch (IOException e) {
            throw new IOException("Could not find the authoritative servers of " + target + " to check "
                    + "propagation: " + e.getMessage(), e);
        }
    }

    private List<InetSocketAddress> resolvers() {
        return settings.resolvers().isEmpty() ? DnsServers.system() : settings.resolvers();
    }

    private static String key(String identifier, String value) {
        return identifier + ' ' + value;
    }
}
