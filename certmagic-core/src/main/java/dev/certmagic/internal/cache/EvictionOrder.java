package dev.certmagic.internal.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;

/**
 * Which cached certificates a capacity may evict, oldest first: those that no protected name needs. A protected
 * name is a configured name or the default server name; a certificate is protected when one of its names is a
 * protected name or the wildcard that covers one. Not thread-safe: {@link CertificateCache} calls it under its
 * write lock.
 */
final class EvictionOrder {

    /** Aliases of certificates no protected name needs, oldest first. */
    private final LinkedHashSet<String> evictable = new LinkedHashSet<>();
    /** Protected names plus the wildcards that cover them. */
    private Set<String> protectedKeys = Set.of();
    private Set<String> protectedNames = Set.of();

    void setProtectedNames(Set<String> names) {
        protectedNames = Set.copyOf(names);
    }

    /** A certificate joined the cache: it queues for eviction unless it is protected or queued already. */
    void added(ManagedCertificate certificate) {
        if (!evictable.contains(certificate.alias()) && !isProtected(certificate)) {
            evictable.add(certificate.alias());
        }
    }

    void removed(String alias) {
        evictable.remove(alias);
    }

    /** The evictable aliases, oldest first; the iterator's {@code remove} takes one out of the order. */
    Iterator<String> oldestFirst() {
        return evictable.iterator();
    }

    /**
     * Rebuilds the protected set and the eviction order (in no particular order) after the protected names or the
     * default server name changed.
     *
     * @param defaultServerName the normalized default server name, or {@code null}
     * @param cached every certificate in the cache
     */
    void recompute(@Nullable String defaultServerName, Collection<ManagedCertificate> cached) {
        Set<String> keys = new HashSet<>();
        List<String> names = new ArrayList<>(protectedNames);
        if (defaultServerName != null) {
            names.add(defaultServerName);
        }
        for (String name : names) {
            keys.add(name);
            String wildcard = HostNames.wildcardFor(name);
            if (wildcard != null) {
                keys.add(wildcard);
            }
        }
        protectedKeys = Set.copyOf(keys);
        evictable.clear();
        for (ManagedCertificate certificate : cached) {
            if (!isProtected(certificate)) {
                evictable.add(certificate.alias());
            }
        }
    }

    private boolean isProtected(ManagedCertificate certificate) {
        for (String name : certificate.names()) {
            if (protectedKeys.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
