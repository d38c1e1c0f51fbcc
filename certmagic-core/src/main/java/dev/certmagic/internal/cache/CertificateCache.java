package dev.certmagic.internal.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;

/**
 * The certificates in memory, indexed for handshakes (CertMagic's {@code cache.go}).
 *
 * <p><b>Reads</b> ({@link #select}, {@link #selectDefault}, {@link #byAlias}) take no lock and scan nothing: two
 * hash lookups at most, in {@link ConcurrentHashMap}s whose values are immutable. <b>Writes</b> are serialized on
 * one internal lock (they are rare: loads, renewals, evictions) and change each name by publishing a new immutable
 * entry, so a renewal swaps a name from the old to the new certificate in one step.
 *
 * <p>A handshake first picks an alias and asks for its chain and key moments later. A certificate displaced by a
 * swap or an eviction therefore stays resolvable {@linkplain #byAlias by alias} for a grace period (default one
 * minute) after it leaves the name index ({@link RetiredCertificates}); retired entries are dropped on later writes
 * or by {@link #expireRetired}.
 *
 * <p>With a capacity set, adding beyond it evicts the oldest certificates that no protected name needs (a
 * protected name is a configured name, the default server name, or a name covered by them through a wildcard). When
 * every other certificate is protected, the capacity is exceeded rather than a needed certificate (or the one just
 * added) dropped ({@link EvictionOrder}).
 */
public final class CertificateCache {

    /** How long a displaced certificate stays resolvable by alias unless configured otherwise. */
    public static final Duration DEFAULT_RETIRED_GRACE = Duration.ofMinutes(1);

    private final Clock clock;
    private final int capacity;

    private final ConcurrentHashMap<String, ManagedCertificate> byAlias = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, NameEntry> byName = new ConcurrentHashMap<>();
    private final RetiredCertificates retired;

    private final Object writeLock = new Object();
    /** Guarded by {@link #writeLock}. */
    private final EvictionOrder eviction = new EvictionOrder();

    private volatile @Nullable String defaultServerName;

    /**
     * Creates an unbounded cache.
     *
     * @param clock the clock that dates retirements
     */
    public CertificateCache(Clock clock) {
        this(clock, 0, DEFAULT_RETIRED_GRACE);
    }

    /**
     * Creates a cache.
     *
     * @param clock the clock that dates retirements
     * @param capacity the number of certificates above which unprotected ones are evicted; 0 for no limit
     * @param retiredGrace how long a displaced certificate stays resolvable by alias; at least a handshake's length
     */
    public CertificateCache(Clock clock, int capacity, Duration retiredGrace) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 (unbounded) or positive, was " + capacity);
        }
        this.capacity = capacity;
        this.retired = new RetiredCertificates(Objects.requireNonNull(retiredGrace, "retiredGrace"));
    }

    /**
     * Sets the name whose certificate clients without SNI get (and clients whose SNI matches nothing, when the
     * key manager falls back to it).
     *
     * @param name a host name (normalized here), or {@code null} for none
     */
    public void setDefaultServerName(@Nullable String name) {
        synchronized (writeLock) {
            this.defaultServerName = name == null ? null : HostNames.normalize(name);
            eviction.recompute(defaultServerName, byAlias.values());
        }
    }

    /**
     * Returns the default server name.
     *
     * @return the normalized name, or {@code null}
     */
    public @Nullable String defaultServerName() {
        return defaultServerName;
    }

    /**
     * Declares the names whose certificates must never be evicted, typically every configured managed name.
     * Changing the set rebuilds the eviction order from the current certificates (in no particular order), so set
     * it once at startup and when the configuration changes, not per certificate.
     *
     * @param names host names (normalized here); replaces the previous set
     */
    public void setProtectedNames(Collection<String> names) {
        Set<String> normalized = new HashSet<>();
        for (String name : names) {
            String n = HostNames.normalize(name);
            if (n != null) {
                normalized.add(n);
            }
        }
        synchronized (writeLock) {
            eviction.setProtectedNames(normalized);
            eviction.recompute(defaultServerName, byAlias.values());
        }
    }

    /**
     * Adds a certificate. For each of its names it replaces the certificate of the same key type, if any: this is
     * how a renewed certificate is swapped in. A displaced certificate that no name uses any more is retired.
     * Adding a copy with the same hash (for example with a new OCSP staple) replaces it in place.
     *
     * @param certificate the certificate
     */
    public void add(ManagedCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        synchronized (writeLock) {
            Instant now = clock.instant();
            byAlias.put(certificate.alias(), certificate);
            List<ManagedCertificate> displaced = new ArrayList<>(1);
            for (String name : certificate.names()) {
                NameEntry entry = byName.getOrDefault(name, NameEntry.EMPTY);
                ManagedCertificate previous = entry.get(certificate.keyAlgorithm());
                byName.put(name, entry.with(certificate));
                if (previous != null && previous != certificate && !displaced.contains(previous)) {
                    displaced.add(previous);
                }
            }
            for (ManagedCertificate previous : displaced) {
                if (!previous.alias().equals(certificate.alias()) && !isIndexed(previous)) {
                    unlink(previous, now);
                }
            }
            eviction.added(certificate);
            evictOverCapacity(certificate.alias(), now);
            retired.expire(now);
        }
    }

    /**
     * Swaps a renewed certificate in for an old one: each name moves from the old to the new certificate in one
     * step, then the old one leaves every name it still held and is retired.
     *
     * @param old the certificate being replaced
     * @param renewed its successor
     */
    public void replace(ManagedCertificate old, ManagedCertificate renewed) {
        synchronized (writeLock) {
            add(renewed);
            if (!old.alias().equals(renewed.alias())) {
                remove(old);
            }
        }
    }

    /**
     * Removes a certificate from every name it holds and retires it.
     *
     * @param certificate the certificate
     * @return whether it was in the cache
     */
    public boolean remove(ManagedCertificate certificate) {
        synchronized (writeLock) {
            Instant now = clock.instant();
            boolean present = byAlias.get(certificate.alias()) != null;
            unindex(certificate);
            ManagedCertificate live = byAlias.get(certificate.alias());
            if (live != null) {
                unlink(live, now);
            }
            retired.expire(now);
            return present;
        }
    }

    /**
     * Finds the certificate for a host: exact name first, then the wildcard one label up. Lock-free.
     *
     * @param host a normalized host name
     * @param keyType the key type the handshake can use
     * @return the certificate, or {@code null}
     */
    public @Nullable ManagedCertificate select(String host, KeyAlgorithm keyType) {
        NameEntry exact = byName.get(host);
        if (exact != null) {
            ManagedCertificate certificate = exact.get(keyType);
            if (certificate != null) {
                return certificate;
            }
        }
        String wildcard = HostNames.wildcardFor(host);
        if (wildcard == null) {
            return null;
        }
        NameEntry covering = byName.get(wildcard);
        return covering == null ? null : covering.get(keyType);
    }

    /**
     * Finds the certificate of the default server name. Lock-free.
     *
     * @param keyType the key type the handshake can use
     * @return the certificate, or {@code null} when no default name is set or it has no such certificate
     */
    public @Nullable ManagedCertificate selectDefault(KeyAlgorithm keyType) {
        String name = defaultServerName;
        return name == null ? null : select(name, keyType);
    }

    /**
     * Resolves an alias chosen earlier, including one whose certificate was displaced within the grace period.
     * Lock-free.
     *
     * @param alias an alias from {@link ManagedCertificate#alias()}
     * @return the certificate, or {@code null}
     */
    public @Nullable ManagedCertificate byAlias(String alias) {
        ManagedCertificate live = byAlias.get(alias);
        return live != null ? live : retired.find(alias);
    }

    /**
     * Returns the certificates held for exactly this name (not through wildcards).
     *
     * @param name a normalized name
     * @return zero to three certificates (one per key type)
     */
    public List<ManagedCertificate> forName(String name) {
        NameEntry entry = byName.get(name);
        List<ManagedCertificate> result = new ArrayList<>(3);
        if (entry != null) {
            entry.addTo(result);
        }
        return result;
    }

    /**
     * Returns a snapshot of every cached certificate.
     *
     * @return the certificates, in no particular order
     */
    public List<ManagedCertificate> all() {
        return List.copyOf(byAlias.values());
    }

    /**
     * Returns a snapshot of the certificates certmagic renews.
     *
     * @return the managed certificates
     */
    public List<ManagedCertificate> managed() {
        List<ManagedCertificate> result = new ArrayList<>();
        for (ManagedCertificate certificate : byAlias.values()) {
            if (certificate.managed()) {
                result.add(certificate);
            }
        }
        return result;
    }

    /**
     * Returns the number of cached certificates (not counting retired ones).
     *
     * @return the count
     */
    public int size() {
        return byAlias.size();
    }

    /**
     * Forgets displaced certificates whose grace period is over.
     *
     * @param now the current time
     */
    public void expireRetired(Instant now) {
        retired.expire(now);
    }

    private boolean isIndexed(ManagedCertificate certificate) {
        for (String name : certificate.names()) {
            NameEntry entry = byName.get(name);
            if (entry != null && entry.get(certificate.keyAlgorithm()) == certificate) {
                return true;
            }
        }
        return false;
    }

    /** Takes a certificate out of the name index wherever it (by alias) holds a name's slot for its key type. */
    private void unindex(ManagedCertificate certificate) {
        for (String name : certificate.names()) {
            NameEntry entry = byName.get(name);
            if (entry != null) {
                ManagedCertificate current = entry.get(certificate.keyAlgorithm());
                if (current != null && current.alias().equals(certificate.alias())) {
                    NameEntry reduced = entry.without(current);
                    if (reduced.isEmpty()) {
                        byName.remove(name);
                    } else {
                        byName.put(name, reduced);
                    }
                }
            }
        }
    }

    private void unlink(ManagedCertificate certificate, Instant now) {
        // Retire first, so that an alias being resolved concurrently is never missing from both maps.
        retired.retire(certificate, now);
        byAlias.remove(certificate.alias(), certificate);
        eviction.removed(certificate.alias());
    }

    private void evictOverCapacity(String justAdded, Instant now) {
        if (capacity == 0) {
            return;
        }
        Iterator<String> oldest = eviction.oldestFirst();
        while (byAlias.size() > capacity && oldest.hasNext()) {
            String alias = oldest.next();
            if (alias.equals(justAdded)) {
                // Evicting what was just obtained would only make the next handshake obtain it again.
                continue;
            }
            ManagedCertificate victim = byAlias.get(alias);
            oldest.remove();
            if (victim != null) {
                unindex(victim);
                // Already out of the eviction order: unlink's removal finds nothing, so this iteration stays valid.
                unlink(victim, now);
            }
        }
    }
}
