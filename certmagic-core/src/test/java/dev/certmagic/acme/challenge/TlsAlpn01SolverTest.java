package dev.certmagic.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.List;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.tls.ChallengeCertificate;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.toolbox.JSON;

class TlsAlpn01SolverTest {

    private static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";

    private final MemoryStorage.Shared shared = new MemoryStorage.Shared();
    private final ChallengeStore store = new ChallengeStore(new MemoryStorage(shared), "test-ca");

    @Test
    void theChallengeCertificateHasExactlyOneSanAndTheCriticalAcmeIdentifierExtension() throws Exception {
        TlsAlpn01Challenge challenge = challenge();
        new TlsAlpn01Solver(store).present("Alpn.Example.com", challenge);

        ChallengeCertificate published = store.forName("alpn.example.com");
        X509Certificate certificate = published.certificate();

        assertThat(certificate.getSubjectAlternativeNames()).hasSize(1);
        assertThat(certificate.getSubjectAlternativeNames().iterator().next())
                .isEqualTo(List.of(2, "alpn.example.com"));
        assertThat(certificate.getCriticalExtensionOIDs()).contains(ACME_IDENTIFIER_OID);
        assertThat(published.privateKey().getAlgorithm()).isEqualTo("RSA");
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void theCertificateIsServedOnlyForItsExactNameAndBySharedStorageToo() throws Exception {
        new TlsAlpn01Solver(store).present("alpn.example.com", challenge());
        ChallengeStore other = new ChallengeStore(new MemoryStorage(shared), "test-ca");

        assertThat(store.forName("other.example.com")).isNull();
        assertThat(store.forName("x.alpn.example.com")).isNull();
        // The peer rebuilds the certificate from the shared key authorization, as Go CertMagic does: its own key,
        // the same name and the same acmeIdentifier digest, which is all the CA checks.
        X509Certificate ours = store.forName("alpn.example.com").certificate();
        X509Certificate peers = other.forName("alpn.example.com").certificate();
        assertThat(peers.getSubjectAlternativeNames()).containsExactlyElementsOf(ours.getSubjectAlternativeNames());
        assertThat(peers.getExtensionValue(ACME_IDENTIFIER_OID)).isEqualTo(ours.getExtensionValue(ACME_IDENTIFIER_OID));

        new TlsAlpn01Solver(store).cleanUp("alpn.example.com", null);
        assertThat(store.forName("alpn.example.com")).isNull();
        assertThat(other.forName("alpn.example.com")).isNull();
    }

    private static TlsAlpn01Challenge challenge() throws Exception {
        Session session = new Session(URI.create("https://ca.invalid/dir"));
        Login login = new Login(new URL("https://ca.invalid/acct/1"), KeyType.EC256.generate(), session);
        return new TlsAlpn01Challenge(login, JSON.parse("{\"type\":\"tls-alpn-01\",\"url\":"
                + "\"https://ca.invalid/chall/1\",\"status\":\"pending\",\"token\":\"abcDEF123_-xyz\"}"));
    }
}
