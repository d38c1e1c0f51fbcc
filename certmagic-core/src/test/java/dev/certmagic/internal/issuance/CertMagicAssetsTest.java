package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.TestCertificates;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Sites in Go CertMagic's files: what CertMagic (Caddy) writes loads here, what this project writes is
 * CertMagic's {@code CertificateResource}, files of earlier versions of this project still load, and a failed
 * write of a new generation leaves a loadable one behind (on the real file system, across a "restart": a new
 * storage and reader on the same folder).
 */
class CertMagicAssetsTest {

    private static final String ISSUER = "127.0.0.1-14000-dir";
    private static final String NAME = "site.example.com";

    private final TestCertificates.Held root = TestCertificates.root("Root").build();

    @TempDir
    Path folder;

    @Test
    void aSiteWrittenByGoCertMagicWithAnEcKeyInSec1LoadsWithoutAHash() throws Exception {
        TestCertificates.Held leaf = TestCertificates.leaf(NAME, "www." + NAME).signedBy(root).build();
        MemoryStorage storage = new MemoryStorage();
        writeAsCertMagic(storage, leaf.chain(), leaf.privateKey(), List.of(NAME, "www." + NAME));
        assertThat(new String(storage.load(StorageKeys.sitePrivateKey(ISSUER, NAME)), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN EC PRIVATE KEY-----");

        StoredCertificate loaded = new CertificateAssets(storage).load(ISSUER, NAME).orElseThrow();

        assertThat(loaded.leaf()).isEqualTo(leaf.certificate());
        assertThat(loaded.names()).containsExactly(NAME, "www." + NAME);
    }

    @Test
    void aSiteWrittenByGoCertMagicWithAnRsaKeyInPkcs1Loads() throws Exception {
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).rsa(2048).signedBy(root).build();
        MemoryStorage storage = new MemoryStorage();
        writeAsCertMagic(storage, leaf.chain(), leaf.privateKey(), List.of(NAME));
        assertThat(new String(storage.load(StorageKeys.sitePrivateKey(ISSUER, NAME)), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(new CertificateAssets(storage).load(ISSUER, NAME)).isPresent();
    }

    @Test
    void aGoCertMagicSiteWhoseKeyDoesNotMatchOrWhoseLeafDoesNotCoverTheNameDoesNotLoad() throws Exception {
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).signedBy(root).build();
        TestCertificates.Held other = TestCertificates.leaf("other.example.com").signedBy(root).build();
        MemoryStorage mismatched = new MemoryStorage();
        writeAsCertMagic(mismatched, leaf.chain(), other.privateKey(), List.of(NAME));
        MemoryStorage wrongName = new MemoryStorage();
        writeAsCertMagic(wrongName, other.chain(), other.privateKey(), List.of(NAME));

        assertThat(new CertificateAssets(mismatched).load(ISSUER, NAME)).as("key of another leaf").isEmpty();
        assertThat(new CertificateAssets(wrongName).load(ISSUER, NAME)).as("leaf for another name").isEmpty();
    }

    @Test
    void whatThisProjectWritesIsCertMagicsCertificateResourceWithOurExtrasInASiblingObject() throws Exception {
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).signedBy(root).build();
        MemoryStorage storage = new MemoryStorage();
        new CertificateAssets(storage).store(List.of(NAME), leaf.chain(), leaf.privateKey(), ISSUER, KeyType.EC256,
                Instant.EPOCH);

        JSON metadata = JSON.parse(new String(storage.load(StorageKeys.siteMetadata(ISSUER, NAME)),
                StandardCharsets.UTF_8));
        assertThat(metadata.get("sans").asArray().get(0).asString()).isEqualTo(NAME);
        assertThat(metadata.contains("names")).as("no field of the old format").isFalse();
        assertThat(metadata.get(CertificateMetadata.EXTRAS).asObject().get("certificateSha256").asString())
                .hasSize(64);
        assertThat(storage.keys()).as("no staged files left behind").containsExactlyInAnyOrder(
                StorageKeys.siteCertificate(ISSUER, NAME), StorageKeys.sitePrivateKey(ISSUER, NAME),
                StorageKeys.siteMetadata(ISSUER, NAME));
        // Go's PEM decoding and tls.X509KeyPair read PKCS#8 keys, which is what this project writes.
        assertThat(new String(storage.load(StorageKeys.sitePrivateKey(ISSUER, NAME)), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void renewalInfoRewritesKeepCertMagicsIssuerData() throws Exception {
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).signedBy(root).build();
        MemoryStorage storage = new MemoryStorage();
        writeAsCertMagic(storage, leaf.chain(), leaf.privateKey(), List.of(NAME));
        CertificateAssets assets = new CertificateAssets(storage);
        StoredCertificate loaded = assets.load(ISSUER, NAME).orElseThrow();

        assertThat(assets.storeRenewalInfo(loaded, new SuggestedRenewal(new dev.certmagic.certificate.RenewalWindow(
                Instant.EPOCH, Instant.EPOCH.plusSeconds(60)), Instant.EPOCH))).isTrue();

        JSON metadata = JSON.parse(new String(storage.load(StorageKeys.siteMetadata(ISSUER, NAME)),
                StandardCharsets.UTF_8));
        assertThat(metadata.get("issuer_data").asObject().get("url").asString())
                .isEqualTo("https://127.0.0.1:14000/certZ/1");
        assertThat(assets.load(ISSUER, NAME).orElseThrow().renewalInfo()).isNotNull();
    }

    @Test
    void metadataWrittenByEarlierVersionsOfThisProjectStillLoads() throws Exception {
        TestCertificates.Held leaf = TestCertificates.leaf(NAME).signedBy(root).build();
        MemoryStorage storage = new MemoryStorage();
        byte[] chainPem = PemCodec.writeCertificates(leaf.chain());
        storage.store(StorageKeys.sitePrivateKey(ISSUER, NAME), PemCodec.writePrivateKey(leaf.privateKey()));
        storage.store(StorageKeys.siteCertificate(ISSUER, NAME), chainPem);
        // The exact shape CertificateAssets wrote before it adopted CertMagic's format.
        storage.store(StorageKeys.siteMetadata(ISSUER, NAME), ("{\"names\":[\"" + NAME + "\"],\"issuerKey\":\""
                + ISSUER + "\",\"keyType\":\"EC256\",\"certificateSha256\":\"" + sha256(chainPem)
                + "\",\"notAfter\":\"2030-01-01T00:00:00Z\",\"stored\":\"2026-01-01T00:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(new CertificateAssets(storage).load(ISSUER, NAME).orElseThrow().leaf())
                .isEqualTo(leaf.certificate());
    }

    @Test
    void aRenewalWhoseChainWriteFailsLeavesThePreviousGenerationLoadableAfterARestart() throws Exception {
        TestCertificates.Held old = TestCertificates.leaf(NAME).signedBy(root).build();
        TestCertificates.Held next = TestCertificates.leaf(NAME).signedBy(root).build();
        try (FileStorage files = FileStorage.builder(folder).build()) {
            new CertificateAssets(files).store(List.of(NAME), old.chain(), old.privateKey(), ISSUER, KeyType.EC256,
                    Instant.EPOCH);
            Storage failingChain = new ForwardingStorage(files) {
                @Override
                public void store(String key, byte[] value) throws IOException {
                    if (key.equals(StorageKeys.siteCertificate(ISSUER, NAME))) {
                        throw new IOException("disk full (test)");
                    }
                    super.store(key, value);
                }
            };
            assertThatThrownBy(() -> new CertificateAssets(failingChain).store(List.of(NAME), next.chain(),
                    next.privateKey(), ISSUER, KeyType.EC256, Instant.EPOCH.plusSeconds(1)))
                    .hasMessageContaining("disk full");
        }

        try (FileStorage restarted = FileStorage.builder(folder).build()) {
            StoredCertificate loaded = new CertificateAssets(restarted).load(ISSUER, NAME).orElseThrow();
            assertThat(loaded.leaf()).isEqualTo(old.certificate());
            // What Caddy reads is whole too: the .key beside the .crt is still the previous generation's.
            assertThat(PemCodec.readPrivateKey(restarted.load(StorageKeys.sitePrivateKey(ISSUER, NAME))).getEncoded())
                    .isEqualTo(old.privateKey().getEncoded());
        }
    }

    @Test
    void aRenewalCutShortAfterTheChainLoadsTheNewGenerationFromTheStagedPair() throws Exception {
        TestCertificates.Held old = TestCertificates.leaf(NAME).signedBy(root).build();
        TestCertificates.Held next = TestCertificates.leaf(NAME).signedBy(root).build();
        try (FileStorage files = FileStorage.builder(folder).build()) {
            new CertificateAssets(files).store(List.of(NAME), old.chain(), old.privateKey(), ISSUER, KeyType.EC256,
                    Instant.EPOCH);
            Storage failingKey = new ForwardingStorage(files) {
                @Override
                public void store(String key, byte[] value) throws IOException {
                    if (key.equals(StorageKeys.sitePrivateKey(ISSUER, NAME))) {
                        throw new IOException("disk full (test)");
                    }
                    super.store(key, value);
                }
            };
            assertThatThrownBy(() -> new CertificateAssets(failingKey).store(List.of(NAME), next.chain(),
                    next.privateKey(), ISSUER, KeyType.EC256, Instant.EPOCH.plusSeconds(1)))
                    .hasMessageContaining("disk full");
        }

        try (FileStorage restarted = FileStorage.builder(folder).build()) {
            assertThat(new CertificateAssets(restarted).load(ISSUER, NAME).orElseThrow().leaf())
                    .isEqualTo(next.certificate());
        }
    }

    /** Writes a site the way Go CertMagic 0.17 does: SEC1/PKCS#1 key, chain PEM, metadata without a hash. */
    private static void writeAsCertMagic(Storage storage, List<java.security.cert.X509Certificate> chain,
            PrivateKey key, List<String> sans) throws Exception {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            if (key instanceof java.security.interfaces.ECPrivateKey) {
                // Go's x509.MarshalECPrivateKey: SEC1 with the named curve and the public key inside.
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
                ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
                SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfo.getInstance(
                        chain.get(0).getPublicKey().getEncoded());
                ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), publicInfo.getPublicKeyData(),
                        info.getPrivateKeyAlgorithm().getParameters());
                writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            } else {
                writer.writeObject(key); // RSA: PKCS#1, as Go's x509.MarshalPKCS1PrivateKey
            }
        }
        String primary = sans.get(0);
        storage.store(StorageKeys.sitePrivateKey(ISSUER, primary), pem.toString().getBytes(StandardCharsets.US_ASCII));
        storage.store(StorageKeys.siteCertificate(ISSUER, primary), PemCodec.writeCertificates(chain));
        // JSONBuilder.object() returns the nested builder; toString() of the outer one is what is wanted.
        org.shredzone.acme4j.toolbox.JSONBuilder outer = new org.shredzone.acme4j.toolbox.JSONBuilder();
        outer.array("sans", sans).object("issuer_data").put("url", "https://127.0.0.1:14000/certZ/1")
                .put("ca", "https://127.0.0.1:14000/dir");
        String json = outer.toString();
        storage.store(StorageKeys.siteMetadata(ISSUER, primary), json.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

}
