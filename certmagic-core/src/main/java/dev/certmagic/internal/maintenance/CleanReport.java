package dev.certmagic.internal.maintenance;

import java.time.Instant;
import java.util.List;

/**
 * What one storage sweep removed ({@link StorageCleaner}).
 *
 * @param time when the sweep ran
 * @param skipped whether it did nothing because a peer (or this instance) swept within the interval
 * @param certificates the names whose expired certificate (chain, key and metadata) was removed
 * @param staples how many stale OCSP staples were removed
 * @param retries how many retry records of names no longer managed were removed
 * @param challenges how many abandoned challenge records were removed
 */
public record CleanReport(Instant time, boolean skipped, List<String> certificates, int staples, int retries,
        int challenges) {

    /**
     * Copies the names.
     *
     * @param time when the sweep ran
     * @param skipped whether it did nothing
     * @param certificates the names whose expired certificate was removed
     * @param staples stale OCSP staples removed
     * @param retries retry records removed
     * @param challenges challenge records removed
     */
    public CleanReport {
        certificates = List.copyOf(certificates);
    }

    /**
     * A sweep that did nothing because a recent one made it unnecessary.
     *
     * @param time when it was asked for
     * @return the report
     */
    public static CleanReport skipped(Instant time) {
        return new CleanReport(time, true, List.of(), 0, 0, 0);
    }

    /**
     * Returns how many entries were removed in all (a certificate counts once).
     *
     * @return the total
     */
    public int total() {
        return certificates.size() + staples + retries + challenges;
    }
}
