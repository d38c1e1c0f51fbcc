package dev.certmagic.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

class ManagedCertificateTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Test Root").build();

    private final KeyPair ecKey = TestKeys.ec();

    @Test
    void takesNamesValidityKeyTypeAndHashFromTheChain() throws Exception {
        Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
        Instant notAfter = Instant.parse("2026-04-01T00:00:00Z");
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, ecKey, notBefore, notAfter, "Example.com",
                "*.example.com", "192.0.2.7");

        ManagedCertificate certificate = ManagedCertificate.of(chain, ecKey.getPrivate(), true, "acme-v02");

        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(chain.get(0).getEncoded());
        digest.update(chain.get(1).getEncoded());
        assertThat(certificate.hash()).isEqualTo(HexFormat.of().formatHex(digest.digest()));
        assertThat(certificate.alias()).isEqualTo("cm-" + certificate.hash());
        assertThat(certificate.names()).containsExactly("example.com", "*.example.com", "192.0.2.7");
        assertThat(certificate.notBefore()).isEqualTo(notBefore);
        assertThat(certificate.notAfter()).isEqualTo(notAfter);
        assertThat(certificate.keyAlgorithm()).isEqualTo(KeyAlgorithm.EC);
        assertThat(certificate.managed()).isTrue();
        assertThat(certificate.issuerKey()).isEqualTo("acme-v02");
        assertThat(certificate.covers("www.example.com")).isTrue();
        assertThat(certificate.covers("a.b.example.com")).isFalse();
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheLeaf() {
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, ecKey, Instant.now(),
                Instant.now().plusSeconds(60), "a.example");
        KeyPair otherEc = TestKeys.ec();
        KeyPair rsa = TestKeys.rsa();

        assertThatThrownBy(() -> ManagedCertificate.of(chain, otherEc.getPrivate(), true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match").hasMessageContaining("CN=a.example");
        assertThatThrownBy(() -> ManagedCertificate.of(chain, rsa.getPrivate(), true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }

    @Test
    void refusesAMismatchedRsaKeyByModulus() {
        KeyPair rsa = TestKeys.rsa();
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, rsa, Instant.now(),
                Instant.now().plusSeconds(60), "rsa.example");

        assertThat(ManagedCertificate.of(chain, rsa.getPrivate(), false, null).keyAlgorithm()).isEqualTo(KeyAlgorithm.RSA);
        assertThatThrownBy(() -> ManagedCertificate.of(chain, TestKeys.rsa().getPrivate(), false,
                null)).hasMessageContaining("modulus");
    }

    @Test
    void loadsAnUnmanagedCertificateFromPemFiles(@TempDir Path dir) throws Exception {
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, ecKey, Instant.now(),
                Instant.now().plusSeconds(600), "pem.example");
        Path certificateFile = Files.write(dir.resolve("cert.pem"), PemCodec.writeCertificates(chain));
        Path keyFile = Files.write(dir.resolve("key.pem"), PemCodec.writePrivateKey(ecKey.getPrivate()));

        ManagedCertificate certificate = ManagedCertificate.unmanagedFromPemFiles(certificateFile, keyFile);

        assertThat(certificate.managed()).isFalse();
        assertThat(certificate.issuerKey()).isNull();
        assertThat(certificate.names()).containsExactly("pem.example");
        assertThat(certificate.chain()).containsExactlyElementsOf(chain);
    }

    @Test
    void pemFilesWithAForeignKeyNameBothFilesInTheError(@TempDir Path dir) throws Exception {
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, ecKey, Instant.now(),
                Instant.now().plusSeconds(600), "pem.example");
        Path certificateFile = Files.write(dir.resolve("cert.pem"), PemCodec.writeCertificates(chain));
        Path keyFile = Files.write(dir.resolve("key.pem"),
                PemCodec.writePrivateKey(TestKeys.ec().getPrivate()));

        assertThatThrownBy(() -> ManagedCertificate.unmanagedFromPemFiles(certificateFile, keyFile))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert.pem").hasMessageContaining("key.pem")
                .hasMessageNotContaining("BEGIN");
    }

    @Test
    void loadsAnUnmanagedCertificateFromAKeyStoreEntry() throws Exception {
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, ecKey, Instant.now(),
                Instant.now().plusSeconds(600), "ks.example");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        char[] password = "changeit".toCharArray();
        keyStore.setKeyEntry("site", ecKey.getPrivate(), password, chain.toArray(new X509Certificate[0]));

        ManagedCertificate certificate = ManagedCertificate.unmanagedFromKeyStore(keyStore, "site", password);

        assertThat(certificate.names()).containsExactly("ks.example");
        assertThat(certificate.managed()).isFalse();
        assertThatThrownBy(() -> ManagedCertificate.unmanagedFromKeyStore(keyStore, "missing", password))
                .hasMessageContaining("'missing'");
        assertThatThrownBy(() -> ManagedCertificate.unmanagedFromKeyStore(keyStore, "site", "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("changeit");
    }

    @Test
    void copiesKeepTheAliasAndCarryTheNewStapleOrWindow() {
        ManagedCertificate original = TestManagedCertificates.issue(CA, ecKey, true, "copy.example");
        RenewalWindow window = new RenewalWindow(Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-02T00:00:00Z"));
        byte[] staple = {1, 2, 3};

        ManagedCertificate stapled = original.withOcspStaple(staple).withRenewalWindow(window);
        staple[0] = 9;

        assertThat(stapled).isNotSameAs(original);
        assertThat(stapled.alias()).isEqualTo(original.alias());
        assertThat(stapled.ocspStaple()).containsExactly(1, 2, 3);
        assertThat(stapled.renewalWindow()).isEqualTo(window);
        assertThat(original.ocspStaple()).isNull();
        assertThat(original.renewalWindow()).isNull();
    }

    @Test
    void chainArrayIsADefensiveCopy() {
        ManagedCertificate certificate = TestManagedCertificates.issue(CA, ecKey, true, "copy.example");
        X509Certificate[] first = certificate.chainArray();
        first[0] = null;

        assertThat(certificate.chainArray()[0]).isSameAs(certificate.leaf()).isNotNull();
    }

    @Test
    void rejectsAnEmptyChainAndAnInvertedRenewalWindow() {
        assertThatThrownBy(() -> ManagedCertificate.of(List.of(), ecKey.getPrivate(), true, null))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new RenewalWindow(Instant.parse("2026-01-02T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"))).hasMessageContaining("before it starts");
    }
}
