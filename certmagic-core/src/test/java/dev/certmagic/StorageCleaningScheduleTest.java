package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.StorageCleanedEvent;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;

/**
 * A started manager sweeps its storage on the schedule its builder sets, and reports what it removed.
 */
class StorageCleaningScheduleTest {

    private static final String NAME = "long-gone.clean.example";

    @TempDir
    Path root;

    @Test
    void aStartedManagerSweepsOnItsScheduleAndReportsTheRemovedCertificate() throws Exception {
        storeExpired();
        List<CertificateEvent> events = new CopyOnWriteArrayList<>();
        try (CertificateManager manager = CertificateManager.builder().storage(FileStorage.builder(root).build())
                .storageCleaning(Duration.ofMillis(200), Duration.ofHours(1)).listener(events::add).build()) {
            manager.start();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> events.stream()
                    .anyMatch(StorageCleanedEvent.class::isInstance));
            assertThat(events).filteredOn(StorageCleanedEvent.class::isInstance).first()
                    .extracting(CertificateEvent::names).isEqualTo(List.of(NAME));
            assertThat(manager.view().storage().exists(StorageKeys.sitePrefix("some-ca", NAME))).isFalse();
        }
    }

    private void storeExpired() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + NAME);
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                subject, BigInteger.ONE, Date.from(now.minus(Duration.ofDays(100))),
                Date.from(now.minus(Duration.ofDays(10))), subject, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        try (FileStorage storage = FileStorage.builder(root).build()) {
            storage.store(StorageKeys.siteCertificate("some-ca", NAME), PemCodec.writeCertificates(List.of(certificate)));
            storage.store(StorageKeys.sitePrivateKey("some-ca", NAME), PemCodec.writePrivateKey(key.getPrivate()));
        }
    }
}
