package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.TestCertificates;

/**
 * The write order and load checks that keep a crash from producing a mismatched or truncated pair: each test
 * leaves storage as a crash between two writes would.
 */
class CertificateAssetsTest {

    private static final String ISSUER = "test-ca";
    private static final String NAME = "site.example.com";

    private final MemoryStorage storage = new MemoryStorage();
    private final CertificateAssets assets = new CertificateAssets(storage);
    private final TestCertificates.Held root = TestCertificates.root("Root").build();

    @Test
    void storedAssetsLoadBackWithTheirNamesChainAndKey() throws Exception {
        TestCertificates.Held leaf = leaf();
        assets.store(List.of(NAME, "www." + NAME), leaf.chain(), leaf.privateKey(), ISSUER, KeyType.EC256,
                Instant.EPOCH);

        StoredCertificate loaded = assets.load(ISSUER, NAME).orElseThrow();

        assertThat(loaded.names()).containsExactly(NAME, "www." + NAME);
        assertThat(loaded.chain()).isEqualTo(leaf.chain());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
    }

    @Test
    void aCrashAfterTheNewKeyWasWrittenLeavesNothingLoadable() throws Exception {
        TestCertificates.Held old = leaf();
        assets.store(List.of(NAME), old.chain(), old.privateKey(), ISSUER, KeyType.EC256, Instant.EPOCH);

        // The next issuance wrote its key, then the process died before the chain and metadata.
        assertThat(assets.load(ISSUER, NAME)).as("before the crash").isPresent();
        storage.store(StorageKeys.sitePrivateKey(ISSUER, NAME), PemCodec.writePrivateKey(leaf().privateKey()));

        assertThat(assets.load(ISSUER, NAME)).isEmpty();
    }

    @Test
    void aCrashBeforeTheMetadataWasWrittenLoadsTheNewPairBecauseKeyAndLeafMatch() throws Exception {
        TestCertificates.Held old = leaf();
        assets.store(List.of(NAME), old.chain(), old.privateKey(), ISSUER, KeyType.EC256, Instant.EPOCH);
        TestCertificates.Held next = leaf();

        // Key and chain of the new certificate are written, the metadata still describes the old chain: each write
        // is atomic, so the pair is whole, and the key matches the leaf (Go CertMagic records no hash at all).
        storage.store(StorageKeys.sitePrivateKey(ISSUER, NAME), PemCodec.writePrivateKey(next.privateKey()));
        storage.store(StorageKeys.siteCertificate(ISSUER, NAME), PemCodec.writeCertificates(next.chain()));

        assertThat(assets.load(ISSUER, NAME).orElseThrow().leaf()).isEqualTo(next.chain().get(0));
    }

    @Test
    void missingMetadataOrGarbageLoadsAsNothing() throws Exception {
        TestCertificates.Held leaf = leaf();
        storage.store(StorageKeys.sitePrivateKey(ISSUER, NAME), PemCodec.writePrivateKey(leaf.privateKey()));
        storage.store(StorageKeys.siteCertificate(ISSUER, NAME), PemCodec.writeCertificates(leaf.chain()));
        assertThat(assets.load(ISSUER, NAME)).as("no metadata").isEmpty();

        storage.store(StorageKeys.siteMetadata(ISSUER, NAME), "{\"names\":".getBytes(StandardCharsets.UTF_8));
        assertThat(assets.load(ISSUER, NAME)).as("truncated metadata").isEmpty();
    }

    @Test
    void storingAKeyThatDoesNotMatchTheCertificateIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> assets.store(List.of(NAME), leaf().chain(), leaf().privateKey(), ISSUER,
                KeyType.EC256, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.keys()).isEmpty();
    }

    @Test
    void deletingRemovesEveryAssetOfTheSite() throws Exception {
        TestCertificates.Held leaf = leaf();
        assets.store(List.of(NAME), leaf.chain(), leaf.privateKey(), ISSUER, KeyType.EC256, Instant.EPOCH);

        assets.delete(ISSUER, NAME);

        assertThat(storage.keys()).isEmpty();
    }

    private TestCertificates.Held leaf() {
        return TestCertificates.leaf(NAME).signedBy(root).build();
    }
}
