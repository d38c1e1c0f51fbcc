package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The key layout of ARCHITECTURE.md and the rules that make a name a safe key segment. */
class StorageKeysTest {

    @Test
    void siteKeysFollowCertMagicsLayout() {
        String issuer = StorageKeys.issuerKey(URI.create("https://acme-v02.api.letsencrypt.org/directory"));

        assertThat(issuer).isEqualTo("acme-v02.api.letsencrypt.org-directory");
        assertThat(StorageKeys.siteCertificate(issuer, "Example.COM"))
                .isEqualTo("certificates/acme-v02.api.letsencrypt.org-directory/example.com/example.com.crt");
        assertThat(StorageKeys.sitePrivateKey(issuer, "example.com"))
                .isEqualTo("certificates/acme-v02.api.letsencrypt.org-directory/example.com/example.com.key");
        assertThat(StorageKeys.siteMetadata(issuer, "*.example.com"))
                .isEqualTo("certificates/acme-v02.api.letsencrypt.org-directory/wildcard_.example.com/"
                        + "wildcard_.example.com.json");
    }

    @Test
    void issuerKeyKeepsPortAndPath() {
        assertThat(StorageKeys.issuerKey(URI.create("https://localhost:14000/dir")))
                .isEqualTo("localhost-14000-dir");
    }

    @Test
    void accountKeysAreNamedLikeCertMagicsAfterTheLocalPart() {
        assertThat(StorageKeys.userRegistration("ca", "Admin+certs@Example.com"))
                .isEqualTo("acme/ca/users/admin_plus_certs@example.com/admin_plus_certs.json");
        assertThat(StorageKeys.userPrivateKey("ca", "ops@example.test"))
                .isEqualTo("acme/ca/users/ops@example.test/ops.key");
        assertThat(StorageKeys.userRegistration("ca", "@example.test"))
                .isEqualTo("acme/ca/users/@example.test/example.test.json");
        assertThat(StorageKeys.userPrivateKey("ca", "@")).isEqualTo("acme/ca/users/@/private.key");
        assertThat(StorageKeys.userRegistration("ca", null)).isEqualTo("acme/ca/users/default/default.json");
        assertThat(StorageKeys.userPrivateKey("ca", null)).isEqualTo("acme/ca/users/default/default.key");
        assertThat(StorageKeys.userPrivateKey("ca", " ")).isEqualTo("acme/ca/users/default/default.key");
    }

    @Test
    void legacyAccountKeysAreNamedAfterTheWholeEmail() {
        assertThat(StorageKeys.legacyUserRegistration("ca", "Admin+certs@Example.com"))
                .isEqualTo("acme/ca/users/admin_plus_certs@example.com/admin_plus_certs@example.com.json");
        assertThat(StorageKeys.legacyUserPrivateKey("ca", null)).isEqualTo("acme/ca/users/default/default.key");
    }

    @Test
    void lockChallengeAndOcspKeys() {
        assertThat(StorageKeys.lock(StorageKeys.issuanceLockName("Example.com")))
                .isEqualTo("locks/issue_cert_example.com.lock");
        // CertMagic's distributedSolver key, so that Caddy and this project answer each other's validations.
        assertThat(StorageKeys.challengeTokens("127.0.0.1-14000-dir", "Example.com"))
                .isEqualTo("acme/127.0.0.1-14000-dir/challenge_tokens/example.com.json");
        assertThat(StorageKeys.ocspStaple("example.com", "abc123")).isEqualTo("ocsp/example.com-abc123");
    }

    @Test
    void safeLowercasesAndMapsSpecialCharacters() {
        assertThat(StorageKeys.safe("  *.Example.COM ")).isEqualTo("wildcard_.example.com");
        assertThat(StorageKeys.safe("a b+c:d")).isEqualTo("a_b_plus_c-d");
        assertThat(StorageKeys.safe("a/b\\c\u0000d")).isEqualTo("abcd");
    }

    @Test
    void safeNeverLeavesADotDotSegmentOrASlash() {
        for (String hostile : new String[] {"../../etc/passwd", "..", "...", "..../", ". ./.", "a/../b", "%2e%2e"}) {
            String safe;
            try {
                safe = StorageKeys.safe(hostile);
            } catch (IllegalArgumentException rejected) {
                continue;
            }
            assertThat(safe).as(hostile).doesNotContain("/", "\\", "..").isNotEqualTo(".").isNotEmpty();
        }
        assertThat(StorageKeys.safe("../../etc/passwd")).isEqualTo("etcpasswd");
    }

    @Test
    void safeRejectsNamesWithNothingUsableLeft() {
        assertThatThrownBy(() -> StorageKeys.safe(".."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no usable storage name");
        assertThatThrownBy(() -> StorageKeys.safe("."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StorageKeys.safe("\u0000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> StorageKeys.safe("   "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void safeTurnsInternationalNamesIntoPunycodeSoTheyStayDistinct() {
        assertThat(StorageKeys.safe("Bücher.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(StorageKeys.safe("*.bücher.example")).isEqualTo("wildcard_.xn--bcher-kva.example");
        assertThat(StorageKeys.safe("bücher.example")).isNotEqualTo(StorageKeys.safe("bcher.example"));
    }

    @Test
    void safeShortensLongNamesKeepingThemDistinct() {
        String a = "a".repeat(499) + "1";
        String b = "a".repeat(499) + "2";

        assertThat(StorageKeys.safe(a)).hasSizeLessThanOrEqualTo(StorageKeys.MAX_SAFE_LENGTH)
                .isNotEqualTo(StorageKeys.safe(b));
        assertThat(StorageKeys.safe("a".repeat(StorageKeys.MAX_SAFE_LENGTH)))
                .isEqualTo("a".repeat(StorageKeys.MAX_SAFE_LENGTH));
    }

    @Test
    void safeIsIdempotent() {
        for (String name : new String[] {"*.Example.com", "bücher.example", "a b", "x".repeat(300), "u+1@x.org"}) {
            String once = StorageKeys.safe(name);
            assertThat(StorageKeys.safe(once)).as(name).isEqualTo(once);
        }
    }
}
