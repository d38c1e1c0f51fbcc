package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.ocsp.RevocationReason;

/**
 * The pure parts: when to refresh, what a status may carry, how reasons map.
 */
class OcspRefreshDecisionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final ManagedCertificate CERTIFICATE = OcspTestPki.newCa("Decision CA", T0)
            .leaf(T0, URI.create("http://ocsp.example.com/"), "decide.example.com");
    private static final OcspStatus GOOD = new OcspStatus(OcspStatus.Status.GOOD, null, null, T0,
            T0.plus(Duration.ofDays(6)));

    @Test
    void aCertificateWithoutAStapleNeedsOne() {
        assertThat(OcspStapler.needsRefresh(CERTIFICATE, null, T0)).isTrue();
    }

    @Test
    void aStapleIsRefreshedFromTheMiddleOfItsValidityWindowOn() {
        assertThat(OcspStapler.needsRefresh(CERTIFICATE, GOOD, T0.plus(Duration.ofDays(3)).minusSeconds(1)))
                .isFalse();
        assertThat(OcspStapler.needsRefresh(CERTIFICATE, GOOD, T0.plus(Duration.ofDays(3)))).isTrue();
        assertThat(OcspStapler.needsRefresh(CERTIFICATE, GOOD, T0.plus(Duration.ofDays(7)))).isTrue();
    }

    @Test
    void aStapleIsFreshUntilItsNextUpdate() {
        assertThat(GOOD.isFresh(T0.plus(Duration.ofDays(6)).minusMillis(1))).isTrue();
        assertThat(GOOD.isFresh(T0.plus(Duration.ofDays(6)))).isFalse();
    }

    @Test
    void revocationDetailsComeExactlyWithARevokedStatus() {
        assertThatThrownBy(() -> new OcspStatus(OcspStatus.Status.REVOKED, null, null, T0, T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OcspStatus(OcspStatus.Status.GOOD, RevocationReason.SUPERSEDED, T0, T0,
                T0.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonCodesMapAndOnlyKeyCompromiseForbidsReusingTheKey() {
        assertThat(RevocationReason.ofCode(1)).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.ofCode(10)).isEqualTo(RevocationReason.AA_COMPROMISE);
        assertThat(RevocationReason.ofCode(7)).isEqualTo(RevocationReason.UNSPECIFIED);
        assertThat(RevocationReason.values()).filteredOn(RevocationReason::requiresNewKey)
                .containsExactly(RevocationReason.KEY_COMPROMISE);
    }

    @Test
    void theResponderIsReadFromTheAiaExtension() {
        assertThat(OcspStapler.aiaResponder(CERTIFICATE.leaf())).contains(URI.create("http://ocsp.example.com/"));
        assertThat(OcspStapler.aiaResponder(OcspTestPki.newCa("No AIA CA", T0).leaf(T0, null, "x.example.com")
                .leaf())).isEmpty();
    }
}
