package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.CertificateManager;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.storage.FileStorage;

/**
 * A public CA is known by its directory host, not only by the constants: CertMagic's {@code PreCheck} matches
 * {@code api.letsencrypt.org} and {@code acme.zerossl.com} in the CA's URL.
 */
class PublicCertificateAuthorityTest {

    @TempDir
    Path storage;

    @Test
    void directoriesOnLetsEncryptAndZeroSslHostsArePublic() {
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://acme-v02.api.letsencrypt.org/directory"))).isTrue();
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://ACME-STAGING-V02.api.letsencrypt.org/directory")))
                .isTrue();
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://acme.zerossl.com/v2/DV90"))).isTrue();
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://acme.zerossl.com./v2/DV90"))).isTrue();
    }

    @Test
    void privateAndLookalikeDirectoriesAreNotPublic() {
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://127.0.0.1:14000/dir"))).isFalse();
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://ca.internal/acme/directory"))).isFalse();
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://notapi.letsencrypt.org.example/dir"))).isFalse();
        assertThat(AcmeIssuer.isPublicCa(URI.create("https://evil.example/api.letsencrypt.org"))).isFalse();
    }

    @Test
    void aPublicCaNamedByItsUrlRefusesLocalhostBeforeAskingTheCa() throws Exception {
        try (CertificateManager manager = CertificateManager.builder()
                .storage(FileStorage.builder(storage).build())
                .clock(Clock.systemUTC())
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(URI.create("https://acme-v02.api.letsencrypt.org/directory"))
                        .agreed(true).email("ops@example.com").networkTimeout(Duration.ofSeconds(2)))
                .build()) {
            assertThatThrownBy(() -> manager.obtain("localhost"))
                    .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryable())
                            .as("a name a public CA never issues for is not retried").isFalse())
                    .hasMessageContaining("localhost").hasMessageContaining("public CA");
            assertThat(manager.view().nextAttempt("localhost")).as("no retry was scheduled").isEmpty();
        }
    }

    @Test
    void aPublicCaPassesAnIpAddressOnlyWithAProfile() throws Exception {
        ChallengeStore challenges = new ChallengeStore(FileStorage.builder(storage).build(), "ip-test");
        AcmeIssuer plain = AcmeIssuer.builder(AcmeIssuer.LETS_ENCRYPT_PRODUCTION).agreed(true)
                .solver(new Http01Solver(challenges)).build(FileStorage.builder(storage).build(), Clock.systemUTC());
        assertThatThrownBy(() -> plain.preCheck(List.of("203.0.113.7"))).isInstanceOf(IssuanceException.class)
                .hasMessageContaining("203.0.113.7");
        AcmeIssuer shortlived = AcmeIssuer.builder(AcmeIssuer.LETS_ENCRYPT_PRODUCTION).agreed(true)
                .profile("shortlived").solver(new Http01Solver(challenges)).build(FileStorage.builder(storage).build(), Clock.systemUTC());
        shortlived.preCheck(List.of("203.0.113.7"));
        assertThatThrownBy(() -> shortlived.preCheck(List.of("localhost")))
                .as("a profile opens IP addresses only").isInstanceOf(IssuanceException.class);
    }
}
