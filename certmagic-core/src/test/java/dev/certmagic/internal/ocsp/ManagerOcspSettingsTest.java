package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.ocsp.RevocationReason;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.OcspResponderServer;

/**
 * The manager's OCSP settings without a CA: unmanaged certificates are stapled off the caller's thread, OCSP can
 * be switched off entirely, a revoked unmanaged certificate is reported, and must-staple is refused without
 * stapling.
 */
class ManagerOcspSettingsTest {

    private static final String NAME = "unmanaged.example.com";

    private OcspTestPki ca;
    private OcspResponderServer responder;

    @BeforeEach
    void startResponder() {
        ca = OcspTestPki.newCa("Settings CA", Instant.now());
        responder = OcspResponderServer.start(Clock.systemUTC());
        responder.signWith(ca.keyPair().getPrivate(), ca.certificate(), ca.certificate());
    }

    @AfterEach
    void stopResponder() {
        responder.close();
    }

    @Test
    void anUnmanagedCertificateIsStapledInTheBackgroundAndPersisted() throws Exception {
        ManagedCertificate certificate = unmanaged();
        MemoryStorage storage = new MemoryStorage();
        try (CertificateManager manager = CertificateManager.builder().storage(storage).build()) {
            manager.cacheUnmanaged(certificate);

            await().atMost(Duration.ofSeconds(10)).until(() -> staple(manager) != null);
            assertThat(OcspStapler.status(manager.view().cached(NAME).get(0))).map(OcspStatus::status)
                    .contains(OcspStatus.Status.GOOD);
            assertThat(storage.load(OcspStapler.storageKey(certificate))).isEqualTo(staple(manager));
            assertThat(manager.view().revokedNames()).isEmpty();
        }
    }

    @Test
    void withOcspDisabledNoResponderIsAskedAndNothingIsStapled() {
        try (CertificateManager manager = CertificateManager.builder().storage(new MemoryStorage())
                .ocspEnabled(false).ocspCheckInterval(Duration.ofMillis(50)).build()) {
            manager.start();
            manager.cacheUnmanaged(unmanaged());

            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> responder.requestCount() == 0 && staple(manager) == null);
        }
    }

    @Test
    void aRevokedUnmanagedCertificateIsReportedButCannotBeReplaced() {
        ManagedCertificate certificate = unmanaged();
        responder.revoked(certificate.leaf().getSerialNumber(), RevocationReason.KEY_COMPROMISE.code(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60));
        try (CertificateManager manager = CertificateManager.builder().storage(new MemoryStorage()).build()) {
            manager.cacheUnmanaged(certificate);

            await().atMost(Duration.ofSeconds(10)).until(() -> !manager.view().revokedNames().isEmpty());
            assertThat(manager.view().revokedNames()).containsExactly(NAME);
        }
    }

    @Test
    void mustStapleWithoutStaplingIsRefusedNamingBothSettings() {
        IssuancePolicy mustStaple = new IssuancePolicy(KeyType.EC256, false, true);

        assertThatThrownBy(() -> CertificateManager.builder().storage(new MemoryStorage())
                .issuancePolicy(mustStaple).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mustStaple(true)").hasMessageContaining("ocspStapling(true)");
        assertThatThrownBy(() -> CertificateManager.builder().storage(new MemoryStorage())
                .issuancePolicy(mustStaple).ocspStapling(true).ocspEnabled(false).build())
                .as("stapling needs OCSP").isInstanceOf(IllegalStateException.class);
        try (CertificateManager manager = CertificateManager.builder().storage(new MemoryStorage())
                .issuancePolicy(mustStaple).ocspStapling(true).build()) {
            assertThat(manager.isRunning()).as("built, nothing started").isFalse();
        }
    }

    @Test
    void anArchivedKeyLivesInTheSiteFolderAndIsNamedByTheRevocationTime() {
        assertThat(StorageKeys.archivedPrivateKey("ca", "*.Example.com", Instant.ofEpochSecond(1700000000)))
                .isEqualTo("certificates/ca/wildcard_.example.com/archive/wildcard_.example.com-1700000000.key");
    }

    private ManagedCertificate unmanaged() {
        ManagedCertificate issued = ca.leaf(Instant.now(), responder.url(), NAME);
        return ManagedCertificate.of(issued.chain(), issued.privateKey(), false, null);
    }

    private static byte[] staple(CertificateManager manager) {
        return manager.view().cached(NAME).get(0).ocspStaple();
    }
}
