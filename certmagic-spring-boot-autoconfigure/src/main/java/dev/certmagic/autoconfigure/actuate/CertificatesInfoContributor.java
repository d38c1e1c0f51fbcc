package dev.certmagic.autoconfigure.actuate;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.certmagic.CertificateManager;
import dev.certmagic.status.CertificateStatus;
import dev.certmagic.status.CertificateView;

/**
 * Adds a {@code certmagic} section to {@code /actuator/info}: how many certificates are cached (managed or not, by
 * status) and which one expires first. The full list is the {@code certificates} endpoint's job.
 */
final class CertificatesInfoContributor implements InfoContributor {

    private final CertificateManager manager;

    CertificatesInfoContributor(CertificateManager manager) {
        this.manager = manager;
    }

    @Override
    public void contribute(Info.Builder builder) {
        List<CertificateView> certificates = manager.view().certificates();
        Map<CertificateStatus, Integer> byStatus = new EnumMap<>(CertificateStatus.class);
        int managed = 0;
        for (CertificateView view : certificates) {
            byStatus.merge(view.status(), 1, Integer::sum);
            managed += view.managed() ? 1 : 0;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("certificates", certificates.size());
        details.put("managed", managed);
        details.put("byStatus", byStatus);
        certificates.stream().min(Comparator.comparing(CertificateView::notAfter)).ifPresent(soonest -> {
            Map<String, Object> expiry = new LinkedHashMap<>();
            expiry.put("names", soonest.names());
            expiry.put("notAfter", soonest.notAfter());
            details.put("soonestExpiry", expiry);
        });
        builder.withDetail("certmagic", details);
    }
}
