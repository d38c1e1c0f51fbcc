package dev.certmagic;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * An installation written by the version of this project before CertMagic's file formats starts with no new order
 * and no new account at the CA. The installation is made real, then put back into the previous version's shapes:
 * site metadata {@code {"names","issuerKey","keyType","certificateSha256","notAfter","stored"}} (as
 * {@code CertificateAssets} wrote it before commit 2195d1f) and the account under {@code <email>.key} /
 * {@code <email>.json} holding {@code {"location","email","directory"}} (as {@code AcmeAccounts} wrote it before
 * commit ce7d453). Pebble's log is the witness.
 */
@WithPebble
class PreviousInstallationPebbleTest {

    private static final String EMAIL = "ops@example.test";
    private static final String NAME = "previous.install.example";

    static Pebble pebble;

    @TempDir
    Path root;

    @Test
    void anInstallationOfThePreviousVersionStartsWithoutANewOrderOrAccount() throws Exception {
        BigInteger serial;
        try (CertificateManager manager = manager();
                JsseTestServer validation = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of(NAME));
            serial = manager.view().cached(NAME).get(0).leaf().getSerialNumber();
        }
        rewriteAsThePreviousVersion();
        long ordersBefore = pebble.countLogLines("Added order");
        long accountRequestsBefore = pebble.countLogLines("POST /sign-me-up");

        try (CertificateManager manager = manager();
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            manager.prepareAsync().get(30, TimeUnit.SECONDS); // logs in, as the Spring application does at start
            manager.manageSync(List.of(NAME));

            assertThat(new TlsProbe(pebble.issuingRoots()).serialFor(server.port(), NAME))
                    .as("the certificate the previous version stored").isEqualTo(serial);
        }
        assertThat(pebble.countLogLines("Added order")).as("new orders").isEqualTo(ordersBefore);
        assertThat(pebble.countLogLines("POST /sign-me-up")).as("account requests").isEqualTo(accountRequestsBefore);
    }

    private void rewriteAsThePreviousVersion() throws Exception {
        String issuer = StorageKeys.issuerKey(pebble.directoryUri());
        byte[] chainPem = Files.readAllBytes(root.resolve(StorageKeys.siteCertificate(issuer, NAME)));
        X509Certificate leaf = PemCodec.readCertificates(chainPem).get(0);
        Files.writeString(root.resolve(StorageKeys.siteMetadata(issuer, NAME)), "{\"names\":[\"" + NAME
                + "\"],\"issuerKey\":\"" + issuer + "\",\"keyType\":\"EC256\",\"certificateSha256\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chainPem))
                + "\",\"notAfter\":\"" + leaf.getNotAfter().toInstant() + "\",\"stored\":\"" + Instant.now() + "\"}");

        Path key = root.resolve(StorageKeys.userPrivateKey(issuer, EMAIL));
        Path registration = root.resolve(StorageKeys.userRegistration(issuer, EMAIL));
        String location = new String(Files.readAllBytes(registration), UTF_8)
                .replaceAll("(?s).*\"location\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(location).as("the account URL in %s", registration).startsWith("https://");
        Files.move(key, root.resolve(StorageKeys.legacyUserPrivateKey(issuer, EMAIL)));
        Files.delete(registration);
        Files.writeString(root.resolve(StorageKeys.legacyUserRegistration(issuer, EMAIL)), "{\"location\":\""
                + location + "\",\"email\":\"" + EMAIL + "\",\"directory\":\"" + pebble.directoryUri() + "\"}");
        try (var files = Files.walk(root.resolve("acme"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("only the previous version's account files").containsExactlyInAnyOrder(EMAIL + ".key",
                            EMAIL + ".json");
        }
    }

    private CertificateManager manager() {
        return CertificateManager.builder()
                .storage(FileStorage.builder(root).build())
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email(EMAIL).networkTimeout(Duration.ofSeconds(5)))
                .build();
    }
}
