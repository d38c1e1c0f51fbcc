package dev.certmagic.acme;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.issuance.SuggestedRenewal;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACME Renewal Information (RFC 9773) on acme4j: whether the CA offers it (a {@code renewalInfo} URL in its
 * directory) and what it suggests for one certificate. Every failure is logged and answered with "no
 * information", because ARI only refines the renewal time; the lifetime rule still applies without it.
 */
final class AcmeRenewalInfo {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeRenewalInfo.class);

    private final Clock clock;

    AcmeRenewalInfo(Clock clock) {
        this.clock = clock;
    }

    /** Tells whether the CA's directory (cached by the session) names a {@code renewalInfo} endpoint. */
    static boolean offered(Session session) {
        try {
            return session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent();
        } catch (AcmeException e) {
            return false;
        }
    }

    /** Fetches the CA's suggestion for {@code leaf}, or empty when there is none or it cannot be had now. */
    Optional<SuggestedRenewal> fetch(Login login, X509Certificate leaf) {
        if (!offered(login.getSession())) {
            return Optional.empty();
        }
        String serial = leaf.getSerialNumber().toString(16);
        try {
            RenewalInfo info = login.bindRenewalInfo(leaf);
            // In the injected clock's frame: RetryAfterConnection computes it.
            Instant retryAfter = info.fetch().orElse(null);
            Instant fetchedAt = clock.instant();
            if (retryAfter != null && retryAfter.isAfter(fetchedAt.plus(SuggestedRenewal.MAX_RECHECK))) {
                LOG.warn("The CA asked not to check renewal information for certificate {} again before {}; "
                        + "checking again after at most {}", serial, retryAfter, SuggestedRenewal.MAX_RECHECK);
            }
            RenewalWindow window = new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd());
            return Optional.of(SuggestedRenewal.fetched(window, fetchedAt, retryAfter));
        } catch (AcmeException | RuntimeException e) {
            LOG.warn("Could not get renewal information for certificate {} from the CA; renewal follows the "
                    + "certificate's lifetime until it answers: {}", serial, e.getMessage());
            return Optional.empty();
        }
    }
}
