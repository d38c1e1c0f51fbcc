package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.certmagic.CertificateManager;
import dev.certmagic.status.CertificateStatus;
import dev.certmagic.tls.HandshakeCounters;
import dev.certmagic.tls.HandshakeResult;

/**
 * Binds certmagic's meters: {@code certmagic.certificates} (gauge; {@code managed}, {@code status}),
 * {@code certmagic.certificate.expiry} (gauge, seconds; {@code name}, capped), {@code certmagic.obtain} (timer;
 * {@code outcome}, {@code renewal}, {@code issuer}), {@code certmagic.handshakes} (function counter;
 * {@code result}) and {@code certmagic.ocsp.refresh} (counter; {@code outcome}). The names are public API.
 */
final class CertMagicMeterBinder implements MeterBinder {

    /** How stale the set of expiry series may get during a burst of certificate events. */
    private static final Duration EXPIRY_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final CertificateManager manager;
    private final int expiryMaxNames;

    CertMagicMeterBinder(CertificateManager manager, int expiryMaxNames) {
        this.manager = manager;
        this.expiryMaxNames = expiryMaxNames;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        CertificateStatusCounts counts = new CertificateStatusCounts(manager, System::nanoTime);
        for (boolean managed : new boolean[] {true, false}) {
            for (CertificateStatus status : CertificateStatus.values()) {
                Gauge.builder("certmagic.certificates", counts, c -> c.count(managed, status))
                        .description("Cached certificates by managed flag and status").strongReference(true)
                        .tag("managed", Boolean.toString(managed))
                        .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry);
            }
        }
        HandshakeCounters handshakes = manager.view().handshakeCounters();
        for (HandshakeResult result : HandshakeResult.values()) {
            FunctionCounter.builder("certmagic.handshakes", handshakes, c -> c.count(result))
                    .description("Certificate selections by the SNI key manager, by result")
                    .tag("result", result.tagValue()).register(registry);
        }
        Runnable expiryRefresh = () -> { };
        if (expiryMaxNames > 0) {
            CertificateExpiryGauges expiry = new CertificateExpiryGauges(manager, expiryMaxNames, registry);
            expiry.refresh();
            expiryRefresh = new CoalescingRefresh(expiry::refresh, EXPIRY_REFRESH_INTERVAL);
        }
        manager.addListener(new CertificateEventMeters(registry, expiryRefresh));
    }
}
