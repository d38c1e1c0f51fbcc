package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.certmagic.event.CertificateCachedEvent;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateObtainingEvent;
import dev.certmagic.event.CertificateRenewedEvent;
import dev.certmagic.event.CertificateRevokedEvent;
import dev.certmagic.event.OcspStapleUpdatedEvent;
import dev.certmagic.event.StorageCleanedEvent;

/**
 * Turns certificate events into meters: the {@code certmagic.obtain} timer (from an obtaining event to its
 * obtained, renewed or failed outcome, measured on the events' own clock), the {@code certmagic.ocsp.refresh}
 * counter, the {@code certmagic.storage.cleaned} counter (per kind of entry removed), and a refresh of the expiry series whenever a certificate is cached or revoked.
 */
final class CertificateEventMeters implements CertificateEventListener {

    private static final int MAX_PENDING = 10_000;

    private final MeterRegistry registry;
    private final Runnable expiryRefresh;
    private final Counter ocspSuccess;
    private final Map<String, Instant> started = new ConcurrentHashMap<>();

    CertificateEventMeters(MeterRegistry registry, Runnable expiryRefresh) {
        this.registry = registry;
        this.expiryRefresh = expiryRefresh;
        this.ocspSuccess = ocspCounter("success");
        // Declared so that dashboards see a zero rather than no series; the core reports no failed refresh yet.
        ocspCounter("failure");
        for (String kind : List.of("certificate", "ocsp_staple", "retry", "challenge")) {
            cleanedCounter(kind);
        }
    }

    @Override
    public void onEvent(CertificateEvent event) {
        List<String> names = event.names();
        String name = names.isEmpty() ? "" : names.get(0);
        if (event instanceof CertificateObtainingEvent && started.size() < MAX_PENDING) {
            started.put(name, event.time());
        } else if (event instanceof CertificateObtainedEvent obtained) {
            record(name, "success", false, obtained.issuerKey(), obtained.time());
        } else if (event instanceof CertificateRenewedEvent renewed) {
            record(name, "success", true, renewed.issuerKey(), renewed.time());
        } else if (event instanceof CertificateFailedEvent failed) {
            record(name, "failure", failed.renewal(), failed.issuerKey(), failed.time());
        } else if (event instanceof OcspStapleUpdatedEvent) {
            ocspSuccess.increment();
        } else if (event instanceof StorageCleanedEvent cleaned) {
            cleanedCounter("certificate").increment(cleaned.names().size());
            cleanedCounter("ocsp_staple").increment(cleaned.staples());
            cleanedCounter("retry").increment(cleaned.retries());
            cleanedCounter("challenge").increment(cleaned.challenges());
        } else if (event instanceof CertificateCachedEvent || event instanceof CertificateRevokedEvent) {
            expiryRefresh.run();
        }
    }

    private void record(String name, String outcome, boolean renewal, String issuerKey, Instant end) {
        Instant start = started.remove(name);
        Duration duration = start == null || end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
        Timer.builder("certmagic.obtain").description("Attempts to obtain or renew a certificate")
                .tag("outcome", outcome).tag("renewal", Boolean.toString(renewal))
                .tag("issuer", issuerKey == null ? "unknown" : issuerKey).register(registry).record(duration);
    }

    private Counter cleanedCounter(String kind) {
        return Counter.builder("certmagic.storage.cleaned").description("Entries removed from storage by cleaning")
                .tag("kind", kind).register(registry);
    }

    private Counter ocspCounter(String outcome) {
        return Counter.builder("certmagic.ocsp.refresh").description("OCSP staple refreshes")
                .tag("outcome", outcome).register(registry);
    }
}
