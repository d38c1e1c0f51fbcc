package dev.certmagic.autoconfigure.actuate;

import java.util.List;
import java.util.function.LongSupplier;

import dev.certmagic.CertificateManager;
import dev.certmagic.status.CertificateStatus;
import dev.certmagic.status.CertificateView;

/**
 * Counts of cached certificates by managed flag and status, for the {@code certmagic.certificates} gauges. A
 * scrape reads twelve gauges in a row; the counts are computed once and reused for {@link #MAX_AGE_NANOS}, so
 * that a large on-demand cache is walked once per scrape rather than twelve times.
 */
final class CertificateStatusCounts {

    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private static final CertificateStatus[] STATUSES = CertificateStatus.values();

    private final CertificateManager manager;
    private final LongSupplier nanoTicker;
    private volatile Snapshot snapshot;

    CertificateStatusCounts(CertificateManager manager, LongSupplier nanoTicker) {
        this.manager = manager;
        this.nanoTicker = nanoTicker;
    }

    /** Returns how many cached certificates have this managed flag and status. */
    double count(boolean managed, CertificateStatus status) {
        long tick = nanoTicker.getAsLong();
        Snapshot current = snapshot;
        if (current == null || tick - current.takenAt() >= MAX_AGE_NANOS) {
            current = new Snapshot(tick, countNow());
            snapshot = current;
        }
        return current.counts()[(managed ? STATUSES.length : 0) + status.ordinal()];
    }

    private int[] countNow() {
        int[] counts = new int[2 * STATUSES.length];
        List<CertificateView> views = manager.view().certificates();
        for (CertificateView view : views) {
            counts[(view.managed() ? STATUSES.length : 0) + view.status().ordinal()]++;
        }
        return counts;
    }

    private record Snapshot(long takenAt, int[] counts) {
    }
}
