package dev.certmagic.acme.challenge;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.TxtLookup;
import dev.certmagic.internal.challenge.ChallengeStore;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Solves DNS-01 through a {@link DnsProvider}, then waits until the record is visible through a
 * {@link TxtLookup} (or the propagation timeout passes) before the CA is asked to look. The only solver for
 * wildcard names.
 */
public final class Dns01Solver implements ChallengeSolver {

    private static final Logger LOG = LoggerFactory.getLogger(Dns01Solver.class);

    private final DnsProvider provider;
    private final @Nullable TxtLookup lookup;
    private final Duration propagationTimeout;
    private final Duration checkInterval;

    /**
     * Creates the solver.
     *
     * @param provider where TXT records are made
     * @param lookup how propagation is checked, or {@code null} to trust the provider and not check
     * @param propagationTimeout how long to wait for the record to become visible
     * @param checkInterval how often to look while waiting
     */
    public Dns01Solver(DnsProvider provider, @Nullable TxtLookup lookup, Duration propagationTimeout,
            Duration checkInterval) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.lookup = lookup;
        this.propagationTimeout = Objects.requireNonNull(propagationTimeout, "propagationTimeout");
        this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
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
        Dns01Challenge dns = (Dns01Challenge) challenge;
        String recordName = recordName(identifier, dns);
        provider.appendTxt(recordName, dns.getDigest());
        awaitPropagation(recordName, dns.getDigest());
    }

    @Override
    public void cleanUp(String identifier, Challenge challenge) {
        Dns01Challenge dns = (Dns01Challenge) challenge;
        try {
            provider.deleteTxt(recordName(identifier, dns), dns.getDigest());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the DNS-01 record of {}: {}", identifier, e.toString());
        }
    }

    private static String recordName(String identifier, Dns01Challenge dns) {
        String base = identifier.startsWith("*.") ? identifier.substring(2) : identifier;
        String name = dns.getRRName(ChallengeStore.normalize(base));
        return name.endsWith(".") ? name : name + ".";
    }

    private void awaitPropagation(String recordName, String value) throws IOException, InterruptedException {
        if (lookup == null) {
            return;
        }
        long deadline = System.nanoTime() + propagationTimeout.toNanos();
        IOException last = null;
        while (true) {
            try {
                if (lookup.lookup(recordName).contains(value)) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new IOException("The DNS-01 record " + recordName + " did not become visible within "
                        + propagationTimeout, last);
            }
            Thread.sleep(checkInterval.toMillis());
        }
    }
}
