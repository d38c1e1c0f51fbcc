package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.ManagedCertificate;

/**
 * The {@code certmagic.certificate.expiry} gauges: seconds until {@code notAfter}, one series per managed
 * certificate tagged with its first name, at most {@code maxNames} of them (configured names first, then the
 * others alphabetically). The set of series is rebuilt when a certificate is cached or revoked (at most once a
 * second during a burst, see {@link CoalescingRefresh}); each value is read
 * at scrape time from the certificate then serving the name, or {@code NaN} once none does.
 */
final class CertificateExpiryGauges {

    private final CertificateManager manager;
    private final int maxNames;
    private final MultiGauge gauge;
    /** Held here because a gauge only references its value source weakly. */
    private volatile List<MultiGauge.Row<?>> rows = List.of();

    CertificateExpiryGauges(CertificateManager manager, int maxNames, MeterRegistry registry) {
        this.manager = manager;
        this.maxNames = maxNames;
        this.gauge = MultiGauge.builder("certmagic.certificate.expiry").baseUnit("seconds")
                .description("Time left until a managed certificate expires").register(registry);
    }

    /** Re-reads which names have a series: O(n) in the cached certificates, so events reach it coalesced. */
    synchronized void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String name : selectNames()) {
            rows.add(MultiGauge.Row.of(Tags.of("name", name), () -> secondsLeft(name)));
        }
        this.rows = List.copyOf(rows);
        gauge.register(this.rows, true);
    }

    private Set<String> selectNames() {
        Set<String> configured = manager.view().managedNames();
        TreeSet<String> others = new TreeSet<>();
        Set<String> firstNames = new LinkedHashSet<>();
        for (ManagedCertificate certificate : manager.view().managedCertificates()) {
            String first = certificate.names().get(0);
            if (configured.contains(first)) {
                firstNames.add(first);
            } else {
                others.add(first);
            }
        }
        TreeSet<String> selected = new TreeSet<>();
        for (String name : new TreeSet<>(firstNames)) {
            if (selected.size() < maxNames) {
                selected.add(name);
            }
        }
        for (String name : others) {
            if (selected.size() < maxNames) {
                selected.add(name);
            }
        }
        return selected;
    }

    private double secondsLeft(String name) {
        ManagedCertificate latest = null;
        for (ManagedCertificate certificate : manager.view().cached(name)) {
            if (certificate.managed() && (latest == null || certificate.notAfter().isAfter(latest.notAfter()))) {
                latest = certificate;
            }
        }
        return latest == null ? Double.NaN
                : Duration.between(manager.view().clock().instant(), latest.notAfter()).toMillis() / 1000.0;
    }
}
