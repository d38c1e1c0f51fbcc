package dev.certmagic.ondemand;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.certmagic.certificate.HostNames;

/**
 * Exact names and {@code *.example.com} patterns. A pattern stands for exactly one label (RFC 6125, as browsers
 * match): {@code *.example.com} allows {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}.
 */
final class DomainAllowlist {

    private final Set<String> exact;

    private final Set<String> wildcards;

    private DomainAllowlist(Set<String> exact, Set<String> wildcards) {
        this.exact = exact;
        this.wildcards = wildcards;
    }

    /**
     * Normalizes the entries once; a malformed entry is a configuration error, reported at build time rather than
     * silently never matching.
     */
    static DomainAllowlist of(Collection<String> entries) {
        Set<String> exact = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        List<String> bad = new ArrayList<>();
        for (String entry : entries) {
            String name = entry == null ? null : HostNames.normalize(entry.trim());
            if (name == null || !HostNames.qualifies(name)) {
                bad.add(String.valueOf(entry));
            } else if (name.startsWith("*.")) {
                wildcards.add(name);
            } else {
                exact.add(name);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("allowedDomains(...) holds entries that are not host "
                    + "names or one-label wildcard patterns like *.example.com: " + bad);
        }
        return new DomainAllowlist(Set.copyOf(exact), Set.copyOf(wildcards));
    }

    boolean isEmpty() {
        return exact.isEmpty() && wildcards.isEmpty();
    }

    boolean allows(String name) {
        if (exact.contains(name)) {
            return true;
        }
        String wildcard = HostNames.wildcardFor(name);
        return wildcard != null && wildcards.contains(wildcard) && HostNames.matches(wildcard, name);
    }
}
