package dev.certmagic.ondemand;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recently denied names for a short time, so that repeated handshakes for a refused name neither hammer
 * the ask endpoint nor queue work. Bounded: beyond {@code capacity} the least recently used entry is dropped, so a
 * flood of random names cannot grow memory. A short lock per lookup is fine here: this is the miss path, after the
 * lock-free cache already failed to find a certificate.
 */
final class DenialMemory {

    private final Duration ttl;

    private final Map<String, Denial> entries;

    DenialMemory(Duration ttl, int capacity) {
        this.ttl = ttl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Denial> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(String name, OnDemandVerdict verdict, Instant now) {
        entries.put(name, new Denial(verdict, now.plus(ttl)));
    }

    /**
     * Returns the remembered denial for a name, or {@code null} when there is none or it has expired.
     */
    synchronized OnDemandVerdict recall(String name, Instant now) {
        Denial entry = entries.get(name);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expires)) {
            entries.remove(name);
            return null;
        }
        return entry.verdict;
    }

    synchronized int size() {
        return entries.size();
    }

    // Not named Entry: inside the LinkedHashMap subclass above, Entry means Map.Entry to newer javac versions.
    private record Denial(OnDemandVerdict verdict, Instant expires) {
    }
}
