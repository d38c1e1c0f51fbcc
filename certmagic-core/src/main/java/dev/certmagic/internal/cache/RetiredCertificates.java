package dev.certmagic.internal.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Certificates that left the cache's name index (displaced by a swap, removed or evicted) but may still be asked
 * for by alias: a handshake picks an alias and asks for its chain and key moments later. Each stays resolvable for
 * a grace period after it retired. Reads are lock-free; {@link CertificateCache} retires and expires under its
 * write lock.
 */
final class RetiredCertificates {

    private final Duration grace;
    private final ConcurrentHashMap<String, Retired> retired = new ConcurrentHashMap<>();

    RetiredCertificates(Duration grace) {
        this.grace = grace;
    }

    void retire(ManagedCertificate certificate, Instant now) {
        retired.put(certificate.alias(), new Retired(certificate, now));
    }

    @Nullable ManagedCertificate find(String alias) {
        Retired old = retired.get(alias);
        return old == null ? null : old.certificate();
    }

    /** Forgets the certificates whose grace period is over at {@code now}. */
    void expire(Instant now) {
        if (retired.isEmpty()) {
            return;
        }
        Instant limit = now.minus(grace);
        for (Iterator<Map.Entry<String, Retired>> it = retired.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue().retiredAt().isBefore(limit)) {
                it.remove();
            }
        }
    }

    private record Retired(ManagedCertificate certificate, Instant retiredAt) {
    }
}
