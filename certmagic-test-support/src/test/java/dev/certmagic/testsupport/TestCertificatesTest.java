package dev.certmagic.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TestCertificatesTest {

    @Test
    void aLeafSignedByARootCarriesItsNamesValidityAndKeyType() throws Exception {
        TestCertificates.Held root = TestCertificates.root("Root").build();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        TestCertificates.Held leaf = TestCertificates.leaf("a.example.com", "127.0.0.1").signedBy(root)
                .notBefore(start).validity(Duration.ofDays(3)).rsa(2048).build();

        leaf.certificate().verify(root.certificate().getPublicKey());
        assertThat(leaf.certificate().getNotBefore().toInstant()).isEqualTo(start);
        assertThat(leaf.certificate().getNotAfter().toInstant()).isEqualTo(start.plus(Duration.ofDays(3)));
        assertThat(leaf.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(leaf.certificate().getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "a.example.com"), List.of(7, "127.0.0.1"));
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), root.certificate());
        assertThat(root.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(leaf.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void keysAreEcP256ByDefault() {
        assertThat(TestCertificates.root("Root").build().privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aMissingBinaryFailsWithInstallInstructions() {
        assertThatThrownBy(() -> PebbleLauncher.findExecutable("pebble-that-is-not-installed"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scripts/ensure-tools")
                .hasMessageContaining("apt-get install -y pebble");
    }
}
