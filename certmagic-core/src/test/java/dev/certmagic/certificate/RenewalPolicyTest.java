package dev.certmagic.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

class RenewalPolicyTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Policy Root").build();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final KeyPair key = TestKeys.ec();
    private final RenewalPolicy policy = new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 42L);

    private ManagedCertificate certificate(Duration lifetime) {
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, key, START, START.plus(lifetime),
                "policy.example");
        return ManagedCertificate.of(chain, key.getPrivate(), true, "ca");
    }

    @Test
    void ninetyDayCertificateRenewsWhenOneThirdRemains() {
        ManagedCertificate certificate = certificate(Duration.ofDays(90));

        assertThat(policy.renewalTime(certificate)).isEqualTo(START.plus(Duration.ofDays(60)));
        assertThat(policy.needsRenewal(certificate, START.plus(Duration.ofDays(60)).minusSeconds(1))).isFalse();
        assertThat(policy.needsRenewal(certificate, START.plus(Duration.ofDays(60)))).isTrue();
    }

    @Test
    void shortLivedCertificateRenewsAtHalfItsLifetime() {
        ManagedCertificate sixDays = certificate(Duration.ofDays(6));
        ManagedCertificate tenMinutes = certificate(Duration.ofMinutes(10));

        assertThat(policy.renewalTime(sixDays)).isEqualTo(START.plus(Duration.ofDays(3)));
        assertThat(policy.renewalTime(tenMinutes)).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void configuredWindowRatioMovesTheRenewalTime() {
        RenewalPolicy half = new RenewalPolicy(0.5, 42L);

        assertThat(half.renewalTime(certificate(Duration.ofDays(90)))).isEqualTo(START.plus(Duration.ofDays(45)));
    }

    @Test
    void ariWindowDecidesAndTheJitteredPointLiesInsideTheWindow() {
        RenewalWindow window = new RenewalWindow(START.plus(Duration.ofDays(70)), START.plus(Duration.ofDays(72)));
        ManagedCertificate certificate = certificate(Duration.ofDays(90)).withRenewalWindow(window);

        Instant time = policy.renewalTime(certificate);

        assertThat(time).isBetween(window.start(), window.end());
        assertThat(policy.needsRenewal(certificate, START.plus(Duration.ofDays(65)))).isFalse();
        assertThat(policy.needsRenewal(certificate, window.end())).isTrue();
    }

    @Test
    void jitterIsStableForOneSeedAndSpreadsAcrossSeeds() {
        RenewalWindow window = new RenewalWindow(START.plus(Duration.ofDays(70)), START.plus(Duration.ofDays(72)));
        ManagedCertificate certificate = certificate(Duration.ofDays(90)).withRenewalWindow(window);

        assertThat(new RenewalPolicy(0.33, 7L).renewalTime(certificate))
                .isEqualTo(new RenewalPolicy(0.33, 7L).renewalTime(certificate));
        Set<Instant> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            Instant time = new RenewalPolicy(0.33, seed).renewalTime(certificate);
            assertThat(time).isBetween(window.start(), window.end());
            distinct.add(time.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        }
        assertThat(distinct).hasSizeGreaterThan(15);
    }

    @Test
    void ariWindowInThePastMeansRenewNow() {
        RenewalWindow window = new RenewalWindow(START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(2)));
        ManagedCertificate certificate = certificate(Duration.ofDays(90)).withRenewalWindow(window);

        assertThat(policy.needsRenewal(certificate, START.plus(Duration.ofDays(3)))).isTrue();
    }

    @Test
    void emergencyOverridesAnAriWindowThatEndsTooLate() {
        RenewalWindow late = new RenewalWindow(START.plus(Duration.ofDays(88)), START.plus(Duration.ofDays(89)));
        ManagedCertificate certificate = certificate(Duration.ofDays(90)).withRenewalWindow(late);

        assertThat(policy.renewalTime(certificate)).isEqualTo(START.plus(Duration.ofDays(81)));
        assertThat(policy.isEmergency(certificate, START.plus(Duration.ofDays(80)))).isFalse();
        assertThat(policy.isEmergency(certificate, START.plus(Duration.ofDays(81)))).isTrue();
        assertThat(policy.needsRenewal(certificate, START.plus(Duration.ofDays(81)))).isTrue();
    }

    @Test
    void refusesWindowRatiosOutsideZeroToOne() {
        assertThatThrownBy(() -> new RenewalPolicy(0, 1)).hasMessageContaining("windowRatio(...)");
        assertThatThrownBy(() -> new RenewalPolicy(1, 1)).hasMessageContaining("windowRatio(...)");
        assertThatThrownBy(() -> new RenewalPolicy(Double.NaN, 1)).hasMessageContaining("windowRatio(...)");
    }
}
