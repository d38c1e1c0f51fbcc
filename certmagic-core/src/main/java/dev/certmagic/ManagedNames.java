package dev.certmagic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.CertificateCache;

/**
 * The names a manager keeps certificates for: the one set that the loader, the status reports and the cache's
 * protection all read, and the rules for turning a user's name into a managed one.
 */
final class ManagedNames {

    private final Set<String> names = ConcurrentHashMap.newKeySet();
    /** A live read-only view for the status reports: copying 10,000 names per certificate made them O(n²). */
    private final Set<String> view = Collections.unmodifiableSet(names);

    /** Adds normalized names and returns a snapshot of all of them, for the cache's protected names. */
    Set<String> add(Collection<String> normalized) {
        names.addAll(normalized);
        return Set.copyOf(names);
    }

    /** The live, read-only set: cheap to read, never to be copied on a hot path. */
    Set<String> view() {
        return view;
    }

    /** A snapshot for callers that keep it. */
    Set<String> snapshot() {
        return Set.copyOf(names);
    }

    /**
     * The managed name a certificate is stored under: its first managed name, else its first name (a certificate
     * loaded for a name that was managed by an earlier configuration).
     */
    String primaryName(ManagedCertificate certificate) {
        for (String name : certificate.names()) {
            if (names.contains(name)) {
                return name;
            }
        }
        return certificate.names().get(0);
    }

    /**
     * Normalizes one name and rejects it when no CA would issue for it.
     *
     * @throws IllegalArgumentException if the name does not qualify
     */
    static String qualify(String name) {
        return qualify(List.of(name)).get(0);
    }

    /**
     * Normalizes names and rejects any that no CA would issue for, before any of them is managed.
     *
     * @throws IllegalArgumentException naming the first name that does not qualify
     */
    static List<String> qualify(Collection<String> names) {
        List<String> normalized = new ArrayList<>(names.size());
        for (String name : names) {
            String n = HostNames.normalize(name);
            if (n == null || !HostNames.qualifies(n)) {
                throw new IllegalArgumentException("'" + name + "' is not a host name a certificate can be "
                        + "obtained for");
            }
            normalized.add(n);
        }
        return normalized;
    }

    /**
     * Makes the first IP address among managed names the default server name when none is set: a client that
     * connects to an IP address sends no SNI (RFC 6066 allows only host names there), so the default is the only
     * way it can get the IP address's certificate. A configured default server name always wins.
     */
    static void defaultToFirstIpAddress(CertificateCache cache, List<String> names) {
        if (cache.defaultServerName() != null) {
            return;
        }
        names.stream().filter(HostNames::isIpAddress).findFirst().ifPresent(cache::setDefaultServerName);
    }
}
