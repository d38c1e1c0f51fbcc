package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.ondemand.OnDemandPolicy;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.MutableClock;

/**
 * Issue 20 item 4, on-demand part: a flood of fresh names that the policy allows must not read storage once per name.
 * Storage misses are remembered for a short time through one listing, on the manager's clock; real file storage
 * counted through a {@link CountingStorage}.
 */
class OnDemandStorageMissesTest {

    private static final String ISSUER_KEY = "misses-test-ca";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

    @TempDir
    Path directory;

    @Test
    void freshAllowedNamesReadStorageOnceForAllOfThemWhileTheClockStands() {
        CountingStorage storage = new CountingStorage(FileStorage.builder(directory).build());
        try (CertificateManager manager = manager(storage)) {
            for (int i = 0; i < 200; i++) {
                assertThat(gate(manager).certificateFor("fresh-" + i + ".misses.example", KeyAlgorithm.EC)).isNull();
            }

            assertThat(storage.readsContaining("fresh-")).as("per-name storage reads").isZero();
            assertThat(storage.readsContaining(StorageKeys.CERTIFICATES)).as("listings").isEqualTo(1);
            assertThat(gate(manager).deniedCount()).isEqualTo(200);
        }
    }

    @Test
    void aRememberedMissIsForgottenWhenTheClockMovesPastItsTtl() throws Exception {
        CountingStorage storage = new CountingStorage(FileStorage.builder(directory).build());
        try (CertificateManager manager = manager(storage)) {
            assertThat(gate(manager).certificateFor("early.misses.example", KeyAlgorithm.EC)).isNull();
            // Stored by a peer after the listing: not read while the miss is remembered.
            storage.store(StorageKeys.siteCertificate(ISSUER_KEY, "peer.misses.example"),
                    "not a certificate".getBytes(StandardCharsets.US_ASCII));
            gate(manager).certificateFor("peer.misses.example", KeyAlgorithm.EC);
            assertThat(storage.readsContaining("peer.misses.example")).isZero();

            // The refused order leaves the gate just after its handshake returned; a handshake before that joins it.
            await().atMost(Duration.ofSeconds(10)).until(() -> gate(manager).inFlight() == 0);
            // Past the miss memory and the gate's own denial memory of the name.
            clock.advance(StoredSites.MISS_TTL.plus(OnDemandGate.DEFAULT_DENIAL_TTL));
            gate(manager).certificateFor("peer.misses.example", KeyAlgorithm.EC);

            assertThat(storage.readsContaining(StorageKeys.certificatesPrefix(ISSUER_KEY) + "/peer.misses.example"))
                    .as("the peer's certificate is read once the miss is forgotten").isPositive();
            assertThat(storage.readsContaining("early.misses.example")).isZero();
            assertThat(storage.readsContaining(StorageKeys.CERTIFICATES)
                    - storage.readsContaining("peer.misses.example")).as("listings").isEqualTo(2);
        }
    }

    private static OnDemandGate gate(CertificateManager manager) {
        return manager.view().onDemandGate().orElseThrow();
    }

    /**
     * An on-demand manager whose budget allows no order, so that every allowed name ends after the storage check.
     */
    private CertificateManager manager(CountingStorage storage) {
        return CertificateManager.builder().storage(storage).clock(clock).httpChallenge(false)
                .issuer(new Issuer() {
                    @Override
                    public String issuerKey() {
                        return ISSUER_KEY;
                    }

                    @Override
                    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
                        throw new AssertionError("no order may be placed with max-obtain 0");
                    }
                })
                .onDemand(OnDemandPolicy.builder().allowedDomains(List.of("*.misses.example")).maxObtain(0).build(),
                        gate -> { })
                .build();
    }
}
