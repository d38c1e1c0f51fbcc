package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.acme.challenge.TlsAlpn01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;

class AcmeIssuerBuilderTest {

    private static final URI DIRECTORY = URI.create("https://ca.invalid/directory");

    @TempDir
    Path root;

    @Test
    void buildingTwiceGivesTwoEqualIssuersAndLeavesTheBuilderAsItWas() {
        Storage storage = FileStorage.builder(root).build();
        ChallengeStore challenges = new ChallengeStore(storage, "test-ca");
        AcmeIssuerBuilder builder = AcmeIssuer.builder(DIRECTORY).email("ops@example.com").agreed(true)
                .solver(new Http01Solver(challenges));

        AcmeIssuer first = builder.build(storage, Clock.systemUTC());
        AcmeIssuer second = builder.build(storage, Clock.systemUTC());

        assertThat(first).isNotSameAs(second);
        assertThat(first.settings()).isEqualTo(second.settings());
        assertThat(first.challengeTypes()).isEqualTo(second.challengeTypes()).containsExactly("http-01");
    }

    @Test
    void changingTheBuilderAfterBuildChangesNoIssuerItBuilt() {
        Storage storage = FileStorage.builder(root).build();
        ChallengeStore challenges = new ChallengeStore(storage, "test-ca");
        AcmeIssuerBuilder builder = AcmeIssuer.builder(DIRECTORY).solver(new Http01Solver(challenges))
                .orderTimeout(Duration.ofSeconds(30));
        AcmeIssuer built = builder.build(storage, Clock.systemUTC());

        builder.solver(new TlsAlpn01Solver(challenges)).orderTimeout(Duration.ofSeconds(5)).email("late@example.com");

        assertThat(built.challengeTypes()).containsExactly("http-01");
        assertThat(built.settings().orderTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(built.settings().email()).isNull();
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        Storage storage = FileStorage.builder(root).build();
        ChallengeStore challenges = new ChallengeStore(storage, "test-ca");
        AcmeIssuerBuilder original = AcmeIssuer.builder(DIRECTORY).solver(new Http01Solver(challenges));

        AcmeIssuerBuilder copy = original.copy().solver(new TlsAlpn01Solver(challenges));

        assertThat(original.build(storage, Clock.systemUTC()).challengeTypes()).containsExactly("http-01");
        assertThat(copy.build(storage, Clock.systemUTC()).challengeTypes()).containsExactly("http-01", "tls-alpn-01");
    }

    @Test
    void theSettingsNeverPrintTheEabKey() {
        Storage storage = FileStorage.builder(root).build();
        AcmeIssuer issuer = AcmeIssuer.builder(DIRECTORY).externalAccountBinding("kid-1", "c2VjcmV0LWhtYWMta2V5")
                .solver(new Http01Solver(new ChallengeStore(storage, "test-ca"))).build(storage, Clock.systemUTC());

        assertThat(issuer.settings().toString()).contains("kid-1").doesNotContain("c2VjcmV0LWhtYWMta2V5");
    }

    @Test
    void theDescriptionNamesTheClientButHoldsNoSecret() {
        java.security.KeyPair key = dev.certmagic.testsupport.TestKeys.ec();
        AcmeIssuerBuilder builder = AcmeIssuer.builder(DIRECTORY).userAgent("  shop/2.1  ")
                .externalAccountBinding("kid-1", "c2VjcmV0LWhtYWMta2V5").accountKey(key.getPrivate());

        String description = builder.toString();

        assertThat(description).contains("userAgent=shop/2.1 certmagic-spring-boot/", " acme4j/", "accountKey=given",
                "eabKeyId=kid-1");
        assertThat(description).doesNotContain("c2VjcmV0LWhtYWMta2V5")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()));
        assertThat(builder.copy().toString()).isEqualTo(description);
    }

    @Test
    void aUserAgentWithAControlCharacterOrAnAccountKeyNoCaAcceptsIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AcmeIssuer.builder(DIRECTORY).userAgent("a\nb"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("userAgent(...) must be");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AcmeIssuer.builder(DIRECTORY)
                .accountKey(dev.certmagic.testsupport.TestKeys.rsa(1024).getPrivate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA key of 1024 bits");
    }
}
