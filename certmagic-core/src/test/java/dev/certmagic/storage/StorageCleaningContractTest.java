package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.maintenance.CleanReport;
import dev.certmagic.internal.maintenance.StorageCleaner;

/**
 * Storage cleaning on a real {@link Storage}: extend it with {@link #createStorage()} returning a fresh, empty
 * storage (file storage here, PostgreSQL in certmagic-storage-jdbc). Certificates are made in the test with chosen
 * validity, and the cleaner decides on a fixed {@link Clock}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
public abstract class StorageCleaningContractTest {

    private static final String ISSUER = "acme-v02.example-directory";

    private static final Duration KEEP_EXPIRED = Duration.ofDays(1);

    private static final List<String> TOP_LEVEL = List.of(StorageKeys.CERTIFICATES, StorageKeys.ACME,
            StorageKeys.OCSP, StorageKeys.RETRIES);

    private Storage storage;

    private KeyPair key;

    /**
     * Creates a fresh, empty storage for one test; it is closed after the test.
     *
     * @return the storage
     * @throws Exception if it cannot be created
     */
    protected abstract Storage createStorage() throws Exception;

    @BeforeEach
    void create() throws Exception {
        storage = createStorage();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = generator.generateKeyPair();
    }

    @AfterEach
    void close() throws Exception {
        storage.close();
    }

    @Test
    void oneSweepRemovesExactlyTheHundredExpiredCertificatesAndNothingElse() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Set<String> expired = new LinkedHashSet<>();
        for (int i = 0; i < 100; i++) {
            String name = "expired-" + i + ".clean.example";
            store(name, now.minus(Duration.ofDays(92)), now.minus(Duration.ofDays(2)));
            expired.add(name);
        }
        // What must stay: valid certificates, one expired less than keep-expired ago, an expired one of a managed
        // name (renewal replaces it), fresh records, an account, and a file the cleaner cannot read.
        store("valid.clean.example", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)));
        store("almost.clean.example", now.minus(Duration.ofDays(90)), now.minus(Duration.ofHours(12)));
        store("managed.clean.example", now.minus(Duration.ofDays(92)), now.minus(Duration.ofDays(30)));
        storage.store(StorageKeys.siteCertificate(ISSUER, "garbled.clean.example"), text("not a certificate"));
        storage.store(StorageKeys.retryState("gone.clean.example"), text("{\"attempt\":3}"));
        storage.store(StorageKeys.challengeTokens(ISSUER, "pending.clean.example"), text("{\"type\":\"http-01\"}"));
        storage.store(StorageKeys.userPrivateKey(ISSUER, "ops@clean.example"), text("account key"));
        Set<String> before = keys();
        Set<String> expectedAfter = new LinkedHashSet<>(before);
        expectedAfter.removeIf(k -> expired.stream().anyMatch(name -> k.startsWith(
                StorageKeys.sitePrefix(ISSUER, name) + "/")));
        assertThat(before.size() - expectedAfter.size()).as("files of the expired certificates").isGreaterThanOrEqualTo(
                200);

        CleanReport report = cleaner(now).sweep(Duration.ofHours(24));

        assertThat(report.skipped()).isFalse();
        assertThat(report.certificates()).containsExactlyInAnyOrderElementsOf(expired);
        assertThat(report.staples() + report.retries() + report.challenges()).isZero();
        Set<String> after = keys();
        after.remove(StorageCleaner.LAST_CLEAN_KEY);
        assertThat(after).containsExactlyInAnyOrderElementsOf(expectedAfter);
    }

    @Test
    void stalesStaplesAndUntouchedRecordsGoButAManagedNamesRetryRecordStays() throws Exception {
        storage.store(StorageKeys.ocspStaple("a.clean.example", "abc"), text("not an OCSP response"));
        storage.store(StorageKeys.retryState("gone.clean.example"), text("{}"));
        storage.store(StorageKeys.retryState("managed.clean.example"), text("{}"));
        storage.store(StorageKeys.challengeTokens(ISSUER, "abandoned.clean.example"), text("{}"));
        Instant later = Instant.now().plus(Duration.ofDays(3)); // the records are three days old by then

        CleanReport report = cleaner(later).sweep(Duration.ofHours(24));

        assertThat(report.staples()).isEqualTo(1);
        assertThat(report.retries()).isEqualTo(1);
        assertThat(report.challenges()).isEqualTo(1);
        assertThat(storage.exists(StorageKeys.retryState("managed.clean.example"))).isTrue();
        assertThat(storage.exists(StorageKeys.retryState("gone.clean.example"))).isFalse();
        assertThat(storage.exists(StorageKeys.challengeTokens(ISSUER, "abandoned.clean.example"))).isFalse();
    }

    @Test
    void aSweepWithinTheIntervalOfTheLastOneDoesNothing() throws Exception {
        Instant now = Instant.now();
        store("expired.clean.example", now.minus(Duration.ofDays(92)), now.minus(Duration.ofDays(2)));
        assertThat(cleaner(now).sweep(Duration.ofHours(24)).certificates()).containsExactly("expired.clean.example");
        store("expired-too.clean.example", now.minus(Duration.ofDays(92)), now.minus(Duration.ofDays(2)));

        assertThat(cleaner(now.plus(Duration.ofHours(23))).sweep(Duration.ofHours(24)).skipped())
                .as("a peer sharing the storage swept an hour ago").isTrue();
        assertThat(storage.exists(StorageKeys.sitePrefix(ISSUER, "expired-too.clean.example"))).isTrue();
        assertThat(cleaner(now.plus(Duration.ofHours(25))).sweep(Duration.ofHours(24)).certificates())
                .containsExactly("expired-too.clean.example");
    }

    private StorageCleaner cleaner(Instant now) {
        return new StorageCleaner(storage, Clock.fixed(now, ZoneOffset.UTC), KEEP_EXPIRED,
                () -> Set.of("managed.clean.example"));
    }

    private void store(String name, Instant notBefore, Instant notAfter) throws Exception {
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(name.hashCode() & 0x7fffffffL),
                        Date.from(notBefore), Date.from(notAfter), subject, key.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        // CertMagic's three files of a site, written directly (an issuance would stage them under its lock).
        storage.store(StorageKeys.siteCertificate(ISSUER, name), PemCodec.writeCertificates(List.of(certificate)));
        storage.store(StorageKeys.sitePrivateKey(ISSUER, name), PemCodec.writePrivateKey(key.getPrivate()));
        storage.store(StorageKeys.siteMetadata(ISSUER, name),
                text("{\"sans\":[\"" + name + "\"],\"issuer_data\":{}}"));
    }

    private Set<String> keys() throws Exception {
        Set<String> keys = new LinkedHashSet<>();
        for (String prefix : TOP_LEVEL) {
            try {
                for (String k : storage.list(prefix, true)) {
                    if (storage.stat(k).terminal()) {
                        keys.add(k);
                    }
                }
            } catch (KeyNotFoundException none) {
                // nothing under it
            }
        }
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        return new LinkedHashSet<>(sorted);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
