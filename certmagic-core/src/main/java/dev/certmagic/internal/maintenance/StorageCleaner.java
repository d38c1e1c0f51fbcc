package dev.certmagic.internal.maintenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.ocsp.OcspException;
import dev.certmagic.internal.ocsp.OcspResponseValidator;
import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * One sweep of storage, after Go CertMagic's {@code CleanStorage}: removes what no instance will ever need again, so
 * that storage does not grow forever (on-demand platforms with many names first). Removed are
 * <ul>
 * <li>certificates (the whole site folder: chain, key, metadata) expired for longer than {@code keepExpired}, of
 * names no longer managed;</li>
 * <li>OCSP staples whose {@code nextUpdate} has passed, and unreadable ones (a stapler fetches a fresh one);</li>
 * <li>retry records of names no longer managed, and shared challenge records, untouched for {@code keepExpired}
 * (a challenge lives minutes; one that old was abandoned).</li>
 * </ul>
 * Never removed: a certificate still valid (or expired less than {@code keepExpired} ago), any certificate of a
 * managed name, anything this class cannot read as what its key says (a foreign file is not ours to judge).
 *
 * <p>Cluster: the sweep runs under the storage lock {@value #LOCK_NAME} (CertMagic's name), and records when it ran
 * in {@value #LAST_CLEAN_KEY}; an instance that gets the lock after a peer swept within the interval does nothing,
 * so one instance of a cluster sweeps per interval.
 */
public final class StorageCleaner {

    /** The storage lock held during a sweep. */
    public static final String LOCK_NAME = "storage_clean";

    /** Where the time of the last sweep is kept; a key CertMagic does not read. */
    public static final String LAST_CLEAN_KEY = "certmagic_java_last_clean.json";

    private static final Logger log = LoggerFactory.getLogger(StorageCleaner.class);

    private final Storage storage;
    private final Clock clock;
    private final Duration keepExpired;
    private final Supplier<Set<String>> managedNames;

    /**
     * Creates a cleaner.
     *
     * @param storage the storage to sweep
     * @param clock the time source of every decision
     * @param keepExpired how long expired certificates and untouched records are kept
     * @param managedNames the names currently managed (configured or obtained on demand and cached)
     */
    public StorageCleaner(Storage storage, Clock clock, Duration keepExpired, Supplier<Set<String>> managedNames) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (keepExpired.isNegative()) {
            throw new IllegalArgumentException("keepExpired must not be negative, was " + keepExpired);
        }
        this.keepExpired = keepExpired;
        this.managedNames = Objects.requireNonNull(managedNames, "managedNames");
    }

    /**
     * Sweeps now, unless a peer (or this instance) swept less than {@code interval} ago.
     *
     * @param interval the sweep interval; {@link Duration#ZERO} sweeps whatever the last sweep's time
     * @return what was removed, or {@link CleanReport#skipped()} when a recent sweep made this one unnecessary
     * @throws IOException if storage failed (the lock, the listing); single unreadable entries are skipped
     * @throws InterruptedException if interrupted while waiting for the lock
     */
    public CleanReport sweep(Duration interval) throws IOException, InterruptedException {
        storage.lock(LOCK_NAME);
        try {
            Instant now = clock.instant();
            Instant last = lastClean();
            if (last != null && !interval.isZero() && now.isBefore(last.plus(interval)) && !now.isBefore(last)) {
                return CleanReport.skipped(now);
            }
            Set<String> managed = managedNames.get().stream().map(StorageKeys::safe).collect(Collectors.toSet());
            Instant cutoff = now.minus(keepExpired);
            CleanReport report = new CleanReport(now, false, certificates(managed, cutoff), staples(now),
                    retries(managed, cutoff), challenges(cutoff));
            storage.store(LAST_CLEAN_KEY, ("{\"cleaned\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8));
            return report;
        } finally {
            storage.unlock(LOCK_NAME);
        }
    }

    private List<String> certificates(Set<String> managed, Instant cutoff) throws IOException {
        List<String> removed = new ArrayList<>();
        for (String issuer : list(StorageKeys.CERTIFICATES)) {
            String issuerKey = lastSegment(issuer);
            for (String site : list(issuer)) {
                String name = lastSegment(site);
                if (managed.contains(name)) {
                    continue;
                }
                X509Certificate leaf = leafOrNull(StorageKeys.siteCertificate(issuerKey, name));
                if (leaf != null && leaf.getNotAfter().toInstant().isBefore(cutoff)) {
                    storage.delete(site);
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    private int staples(Instant now) throws IOException {
        int removed = 0;
        for (String staple : list(StorageKeys.OCSP)) {
            byte[] der = loadOrNull(staple);
            if (der == null) {
                continue;
            }
            boolean stale;
            try {
                stale = !now.isBefore(OcspResponseValidator.read(der).nextUpdate());
            } catch (OcspException | RuntimeException unreadable) {
                stale = true; // CertMagic deletes what it cannot parse here too; a stapler writes a fresh one
            }
            if (stale) {
                storage.delete(staple);
                removed++;
            }
        }
        return removed;
    }

    private int retries(Set<String> managed, Instant cutoff) throws IOException {
        int removed = 0;
        for (String record : list(StorageKeys.RETRIES)) {
            String file = lastSegment(record);
            String name = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
            if (!managed.contains(name) && untouchedSince(record, cutoff)) {
                storage.delete(record);
                removed++;
            }
        }
        return removed;
    }

    private int challenges(Instant cutoff) throws IOException {
        int removed = 0;
        for (String issuer : list(StorageKeys.ACME)) {
            for (String record : list(issuer + "/" + StorageKeys.CHALLENGE_TOKENS)) {
                if (untouchedSince(record, cutoff)) {
                    storage.delete(record);
                    removed++;
                }
            }
        }
        return removed;
    }

    private boolean untouchedSince(String key, Instant cutoff) throws IOException {
        try {
            KeyInfo info = storage.stat(key);
            return info.terminal() && info.modified().isBefore(cutoff);
        } catch (KeyNotFoundException gone) {
            return false;
        }
    }

    private X509Certificate leafOrNull(String key) throws IOException {
        byte[] pem = loadOrNull(key);
        if (pem == null) {
            return null;
        }
        try {
            List<X509Certificate> chain = PemCodec.readCertificates(pem);
            return chain.isEmpty() ? null : chain.get(0);
        } catch (RuntimeException unreadable) {
            log.debug("Storage cleaning leaves {} alone: not a readable certificate", key);
            return null;
        }
    }

    private Instant lastClean() throws IOException {
        byte[] json = loadOrNull(LAST_CLEAN_KEY);
        if (json == null) {
            return null;
        }
        String text = new String(json, StandardCharsets.UTF_8);
        int start = text.indexOf("\"cleaned\":\"");
        int end = start < 0 ? -1 : text.indexOf('"', start + 11);
        try {
            return end < 0 ? null : Instant.parse(text.substring(start + 11, end));
        } catch (RuntimeException damaged) {
            return null;
        }
    }

    private List<String> list(String prefix) throws IOException {
        try {
            return storage.list(prefix, false);
        } catch (KeyNotFoundException none) {
            return List.of();
        }
    }

    private byte[] loadOrNull(String key) throws IOException {
        try {
            return storage.load(key);
        } catch (KeyNotFoundException gone) {
            return null;
        }
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
