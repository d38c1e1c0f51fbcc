package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.TestCertificates;

/**
 * The CA's renewal suggestion (ARI) in a certificate's metadata: it survives a reload, a newer one replaces it
 * without touching key or chain, and a rewrite for a chain that storage no longer holds never happens (it would
 * make the newer chain unloadable). Also the bounds on when to ask the CA again.
 */
class RenewalInfoStorageTest {

    private static final String ISSUER = "test-ca";
    private static final String NAME = "ari.example.com";
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private final MemoryStorage storage = new MemoryStorage();
    private final CertificateAssets assets = new CertificateAssets(storage);
    private final TestCertificates.Held root = TestCertificates.root("Root").build();

    @Test
    void aStoredSuggestionLoadsBackWithTheCertificate() throws Exception {
        TestCertificates.Held leaf = leaf();
        SuggestedRenewal info = suggestion(10);
        assets.store(List.of(NAME), leaf.chain(), leaf.privateKey(), ISSUER, KeyType.EC256, T0, info);

        assertThat(assets.load(ISSUER, NAME).orElseThrow().renewalInfo()).isEqualTo(info);
    }

    @Test
    void aNewerSuggestionRewritesOnlyTheMetadata() throws Exception {
        TestCertificates.Held leaf = leaf();
        assets.store(List.of(NAME), leaf.chain(), leaf.privateKey(), ISSUER, KeyType.EC256, T0, suggestion(10));
        StoredCertificate stored = assets.load(ISSUER, NAME).orElseThrow();
        byte[] chainBefore = storage.load(StorageKeys.siteCertificate(ISSUER, NAME));

        assertThat(assets.storeRenewalInfo(stored, suggestion(2))).isTrue();

        StoredCertificate reloaded = assets.load(ISSUER, NAME).orElseThrow();
        assertThat(reloaded.renewalInfo()).isEqualTo(suggestion(2));
        assertThat(reloaded.names()).containsExactly(NAME);
        assertThat(storage.load(StorageKeys.siteCertificate(ISSUER, NAME))).isEqualTo(chainBefore);
        assertThat(new String(storage.load(StorageKeys.siteMetadata(ISSUER, NAME)), StandardCharsets.UTF_8))
                .contains("\"keyType\"").contains("\"stored\"");
    }

    @Test
    void aSuggestionForAChainThatWasReplacedMeanwhileIsNotWritten() throws Exception {
        TestCertificates.Held old = leaf();
        assets.store(List.of(NAME), old.chain(), old.privateKey(), ISSUER, KeyType.EC256, T0, suggestion(10));
        StoredCertificate oldStored = assets.load(ISSUER, NAME).orElseThrow();
        TestCertificates.Held renewed = leaf();
        assets.store(List.of(NAME), renewed.chain(), renewed.privateKey(), ISSUER, KeyType.EC256, T0, null);

        assertThat(assets.storeRenewalInfo(oldStored, suggestion(1))).isFalse();

        StoredCertificate current = assets.load(ISSUER, NAME).orElseThrow();
        assertThat(current.leaf()).isEqualTo(renewed.certificate());
        assertThat(current.renewalInfo()).isNull();
    }

    @Test
    void theNextCheckFollowsRetryAfterWithinBounds() {
        RenewalWindow window = new RenewalWindow(T0, T0.plus(Duration.ofDays(1)));

        assertThat(SuggestedRenewal.fetched(window, T0, null).nextCheck())
                .isEqualTo(T0.plus(SuggestedRenewal.DEFAULT_RECHECK));
        assertThat(SuggestedRenewal.fetched(window, T0, T0.plusSeconds(90)).nextCheck()).isEqualTo(T0.plusSeconds(90));
        assertThat(SuggestedRenewal.fetched(window, T0, T0.plus(Duration.ofDays(7))).nextCheck())
                .as("a week is too long to miss a revocation").isEqualTo(T0.plus(SuggestedRenewal.MAX_RECHECK));
        assertThat(SuggestedRenewal.fetched(window, T0, T0.minusSeconds(5)).nextCheck()).isEqualTo(T0);
        SuggestedRenewal info = SuggestedRenewal.fetched(window, T0, T0.plusSeconds(90));
        assertThat(info.recheckDue(T0.plusSeconds(89))).isFalse();
        assertThat(info.recheckDue(T0.plusSeconds(90))).isTrue();
    }

    @Test
    void aStoredNextCheckYearsAheadDoesNotSilenceTheCa() {
        RenewalWindow window = new RenewalWindow(T0, T0.plus(Duration.ofDays(1)));
        // Not what fetched(...) produces: a record from an older version or a peer.
        SuggestedRenewal parked = new SuggestedRenewal(window, T0.plus(Duration.ofDays(3650)));

        assertThat(parked.recheckDue(T0)).isTrue();
        assertThat(new SuggestedRenewal(window, T0.plus(SuggestedRenewal.MAX_RECHECK)).recheckDue(T0)).isFalse();
    }

    private SuggestedRenewal suggestion(int daysAhead) {
        Instant start = T0.plus(Duration.ofDays(daysAhead));
        return new SuggestedRenewal(new RenewalWindow(start, start.plus(Duration.ofDays(1))), T0.plusSeconds(3600));
    }

    private TestCertificates.Held leaf() {
        return TestCertificates.leaf(NAME).signedBy(root).build();
    }
}
