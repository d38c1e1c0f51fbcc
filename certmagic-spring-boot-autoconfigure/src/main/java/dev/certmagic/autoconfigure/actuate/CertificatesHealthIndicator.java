package dev.certmagic.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.certmagic.CertificateManager;
import dev.certmagic.CertificateManagerView;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.status.CertificateStatus;
import dev.certmagic.status.CertificateView;
import dev.certmagic.status.LastError;
import dev.certmagic.storage.FileStorage;

/**
 * The {@code certificates} health: {@code DOWN} while a configured name has no valid certificate (not obtained
 * yet, expired or revoked), so that a load balancer following health or readiness holds traffic until
 * handshakes can succeed; {@code UP} otherwise. Details name the certificates whose renewal is failing and those
 * within the warning threshold of expiry, each with the time it has left; a failing renewal alone stays
 * {@code UP}, because the old certificate still serves. With file storage, {@code storageWarnings} lists the
 * storage folders other users may write to (a warning: the status does not change).
 */
final class CertificatesHealthIndicator extends AbstractHealthIndicator {

    private final CertificateManager manager;
    private final Supplier<Collection<String>> configuredNames;
    private final CertMagicHealthProperties properties;

    CertificatesHealthIndicator(CertificateManager manager, Supplier<Collection<String>> configuredNames,
            CertMagicHealthProperties properties) {
        super("Certificate health check failed");
        this.manager = manager;
        this.configuredNames = configuredNames;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = manager.view().clock().instant();
        CertificateManagerView status = manager.view();
        List<Map<String, Object>> missing = new ArrayList<>();
        for (String name : names()) {
            Optional<CertificateView> covering = status.covering(name, now);
            if (covering.isEmpty() || !serves(covering.get(), now)) {
                missing.add(missing(name, covering.orElse(null), status, now));
            }
        }
        List<Map<String, Object>> failing = new ArrayList<>();
        List<Map<String, Object>> expiringSoon = new ArrayList<>();
        List<CertificateView> certificates = manager.view().certificates();
        for (CertificateView view : certificates) {
            Duration left = Duration.between(now, view.notAfter());
            if (view.status() == CertificateStatus.FAILING) {
                Map<String, Object> entry = entry(view, now);
                entry.put("lastError", view.lastError().message());
                entry.put("failedAt", view.lastError().time());
                entry.put("nextAttempt", view.nextRenewalAttempt());
                failing.add(entry);
            }
            if (!left.isNegative() && left.compareTo(properties.getValidityWarningThreshold()) < 0) {
                expiringSoon.add(entry(view, now));
            }
        }
        boolean down = !missing.isEmpty() || properties.isDownWhenExpiringSoon() && !expiringSoon.isEmpty();
        (down ? builder.down() : builder.up()).withDetail("certificates", certificates.size());
        if (!missing.isEmpty()) {
            builder.withDetail("missing", missing);
        }
        if (!failing.isEmpty()) {
            builder.withDetail("failing", failing);
        }
        if (!expiringSoon.isEmpty()) {
            builder.withDetail("expiringSoon", expiringSoon);
        }
        if (manager.view().storage() instanceof FileStorage files) {
            // Others who may write where keys live could replace them; worth a look, but nothing fails yet.
            List<String> warnings = files.permissionWarnings();
            if (!warnings.isEmpty()) {
                builder.withDetail("storageWarnings", warnings);
            }
        }
    }

    private Collection<String> names() {
        TreeSet<String> names = new TreeSet<>(manager.view().managedNames());
        for (String name : configuredNames.get()) {
            String normalized = HostNames.normalize(name);
            if (normalized != null) {
                names.add(normalized);
            }
        }
        return names;
    }

    private static boolean serves(CertificateView view, Instant now) {
        return view.status() != CertificateStatus.EXPIRED && view.status() != CertificateStatus.REVOKED
                && !view.notBefore().isAfter(now);
    }

    private static Map<String, Object> missing(String name, CertificateView view, CertificateManagerView status,
            Instant now) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("reason", view == null ? "not obtained yet" : view.status().name());
        entry.put("obtaining", status.obtaining(name, now));
        Optional<LastError> lastError = status.lastError(name);
        lastError.ifPresent(error -> {
            entry.put("lastError", error.message());
            entry.put("failedAt", error.time());
            entry.put("nextAttempt", error.nextAttempt());
        });
        return entry;
    }

    private static Map<String, Object> entry(CertificateView view, Instant now) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("names", view.names());
        entry.put("notAfter", view.notAfter());
        entry.put("timeLeft", Duration.between(now, view.notAfter()).truncatedTo(ChronoUnit.SECONDS).toString());
        return entry;
    }
}
