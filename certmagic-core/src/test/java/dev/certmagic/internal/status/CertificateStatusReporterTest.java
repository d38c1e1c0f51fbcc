package dev.certmagic.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainingEvent;
import dev.certmagic.event.CertificateRenewedEvent;
import dev.certmagic.event.CertificateRevokedEvent;
import dev.certmagic.event.OcspStapleUpdatedEvent;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.status.CertificateStatus;
import dev.certmagic.status.CertificateView;
import dev.certmagic.status.LastError;
import dev.certmagic.status.OcspState;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

/**
 * The operator's view of each certificate, computed for fixed instants.
 */
class CertificateStatusReporterTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Status CA").build();
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant NOT_BEFORE = T.minus(Duration.ofDays(1));
    private static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(90));
    /** A third of 90 days before the end: the default policy's renewal time. */
    private static final Instant RENEWAL_TIME = NOT_AFTER.minus(Duration.ofDays(30));

    private final CertificateCache cache = new CertificateCache(new MutableClock(T));
    private final CertificateStatusTracker tracker = new CertificateStatusTracker();
    private final CertificateStatusReporter reporter = new CertificateStatusReporter(cache, tracker,
            new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 42), () -> Set.of("a.example"));

    @Test
    void aFreshManagedCertificateIsValidWithEveryFieldFilledIn() {
        ManagedCertificate certificate = add(true, "a.example", "www.a.example");

        CertificateView view = single(T);

        assertThat(view.names()).containsExactly("a.example", "www.a.example");
        assertThat(view.managed()).isTrue();
        assertThat(view.issuer()).isEqualTo(certificate.leaf().getIssuerX500Principal().getName())
                .contains("Status CA");
        assertThat(view.serialNumber()).isEqualTo(certificate.leaf().getSerialNumber().toString(16));
        assertThat(view.keyType()).isEqualTo("EC");
        assertThat(view.notBefore()).isEqualTo(NOT_BEFORE);
        assertThat(view.notAfter()).isEqualTo(NOT_AFTER);
        assertThat(view.renewalWindowStart()).isEqualTo(RENEWAL_TIME);
        assertThat(view.nextRenewalAttempt()).isEqualTo(RENEWAL_TIME);
        assertThat(view.status()).isEqualTo(CertificateStatus.VALID);
        assertThat(view.lastError()).isNull();
        assertThat(view.ari()).isNull();
        assertThat(view.ocsp()).isNull();
        assertThat(view.storageKey()).isEqualTo("certificates/test-ca/a.example");
    }

    @Test
    void aCertificatePastItsRenewalTimeIsExpiringAndPastNotAfterExpired() {
        add(true, "a.example");

        assertThat(single(RENEWAL_TIME.minusSeconds(1)).status()).isEqualTo(CertificateStatus.VALID);
        assertThat(single(RENEWAL_TIME).status()).isEqualTo(CertificateStatus.EXPIRING);
        assertThat(single(NOT_AFTER).status()).isEqualTo(CertificateStatus.EXPIRED);
    }

    @Test
    void anOrderUnderWayIsRenewingAFailureIsFailingAndASuccessClearsBoth() {
        add(true, "a.example");
        Instant due = RENEWAL_TIME.plusSeconds(60);
        Instant retry = due.plus(Duration.ofMinutes(10));

        tracker.onEvent(new CertificateObtainingEvent(List.of("a.example"), "test-ca", true, due));
        assertThat(single(due).status()).isEqualTo(CertificateStatus.RENEWING);

        tracker.onEvent(new CertificateFailedEvent(List.of("a.example"), "test-ca",
                new IOException("rateLimited: too many certificates\n at the CA"), 2, Optional.of(retry), true,
                due.plusSeconds(5)));
        CertificateView failing = single(due.plusSeconds(6));
        assertThat(failing.status()).isEqualTo(CertificateStatus.FAILING);
        assertThat(failing.lastError()).isEqualTo(new LastError("rateLimited: too many certificates at the CA",
                due.plusSeconds(5), 2, retry));
        assertThat(failing.nextRenewalAttempt()).as("the retry schedule, later than the renewal time")
                .isEqualTo(retry);

        tracker.onEvent(new CertificateRenewedEvent(List.of("a.example"), "test-ca", NOT_AFTER, retry));
        assertThat(single(retry).lastError()).isNull();
        assertThat(single(retry).status()).as("the tracked certificate is still the old one, due")
                .isEqualTo(CertificateStatus.EXPIRING);
    }

    @Test
    void anOrderThatNeverEndedStopsCountingAsRenewingAfterAnHour() {
        add(true, "a.example");
        tracker.onEvent(new CertificateObtainingEvent(List.of("a.example"), "test-ca", true, T));

        assertThat(single(T.plus(Duration.ofMinutes(59))).status()).isEqualTo(CertificateStatus.RENEWING);
        assertThat(single(T.plus(CertificateStatusTracker.STALE_ORDER)).status()).isEqualTo(CertificateStatus.VALID);
    }

    @Test
    void aFailureThatIsNotRetriedHasNoNextAttempt() {
        add(true, "a.example");
        tracker.onEvent(new CertificateFailedEvent(List.of("a.example"), "test-ca",
                new IllegalStateException("unauthorized"), 1, Optional.empty(), false, T));

        assertThat(single(T).nextRenewalAttempt()).isNull();
        assertThat(single(T).status()).isEqualTo(CertificateStatus.FAILING);
    }

    @Test
    void aSerialRevokedHereOrAStapleSayingRevokedMakesItRevoked() {
        ManagedCertificate certificate = add(true, "a.example");
        add(true, "b.example");

        tracker.onEvent(new CertificateRevokedEvent(List.of("a.example"), "test-ca",
                certificate.leaf().getSerialNumber().toString(16).toUpperCase(), 4, T));
        tracker.onEvent(new OcspStapleUpdatedEvent(List.of("b.example"), "revoked", T.plusSeconds(3600), T));

        List<CertificateView> views = reporter.certificates(T);
        assertThat(views).extracting(CertificateView::status)
                .containsExactly(CertificateStatus.REVOKED, CertificateStatus.REVOKED);
        assertThat(views.get(1).ocsp()).isEqualTo(new OcspState("revoked", T.plusSeconds(3600), T));
    }

    @Test
    void anUnmanagedCertificateHasNoRenewalTimesNorStorageKey() {
        add(false, "own.example");

        CertificateView view = single(RENEWAL_TIME.plusSeconds(1));

        assertThat(view.managed()).isFalse();
        assertThat(view.status()).as("never renewed, so never expiring").isEqualTo(CertificateStatus.VALID);
        assertThat(view.renewalWindowStart()).isNull();
        assertThat(view.nextRenewalAttempt()).isNull();
        assertThat(view.storageKey()).isNull();
    }

    @Test
    void theAriWindowIsReported() {
        ManagedCertificate certificate = add(true, "a.example");
        RenewalWindow window = new RenewalWindow(T.plus(Duration.ofDays(10)), T.plus(Duration.ofDays(11)));
        cache.replace(certificate, certificate.withRenewalWindow(window));

        CertificateView view = single(T);

        assertThat(view.ari()).isEqualTo(window);
        assertThat(view.renewalWindowStart()).isBetween(window.start(), window.end());
    }

    @Test
    void aNameResolvesAsAHandshakeWouldExactThenWildcardThenDefault() {
        add(true, "a.example");
        add(true, "*.wild.example");

        assertThat(reporter.serving("A.Example.", T)).get().extracting(v -> v.names().get(0)).isEqualTo("a.example");
        assertThat(reporter.serving("x.wild.example", T)).get().extracting(v -> v.names().get(0))
                .isEqualTo("*.wild.example");
        assertThat(reporter.serving("other.example", T)).isEmpty();

        cache.setDefaultServerName("a.example");
        assertThat(reporter.serving("other.example", T)).get().extracting(v -> v.names().get(0))
                .isEqualTo("a.example");
        assertThat(reporter.covering("other.example", T)).as("the default does not cover the name").isEmpty();
        assertThat(reporter.serving("not a name", T)).as("falls back like a client without usable SNI")
                .isPresent();
    }

    @Test
    void lastErrorMessagesCarryNoKeyMaterialAndStayShort() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----";
        assertThat(LastError.messageOf(new IllegalStateException("bad key " + pem)))
                .isEqualTo("bad key [PEM removed]").doesNotContain("MIGH");
        assertThat(LastError.messageOf(new IllegalStateException("x".repeat(1000))))
                .hasSize(LastError.MAX_MESSAGE_LENGTH);
        assertThat(LastError.messageOf(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    private ManagedCertificate add(boolean managed, String... names) {
        var key = TestKeys.ec();
        ManagedCertificate certificate = ManagedCertificate.of(TestManagedCertificates.chain(CA, key, NOT_BEFORE, NOT_AFTER, names),
                key.getPrivate(), managed, managed ? "test-ca" : null);
        cache.add(certificate);
        return certificate;
    }

    private CertificateView single(Instant now) {
        List<CertificateView> views = reporter.certificates(now);
        assertThat(views).hasSize(1);
        return views.get(0);
    }
}
