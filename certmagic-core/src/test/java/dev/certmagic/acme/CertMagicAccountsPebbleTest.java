package dev.certmagic.acme;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;

/**
 * ACME accounts shared with Go CertMagic (Caddy) on a real Pebble: an account in CertMagic's files (SEC1 key,
 * {@code <local-part>.key/.json}, Go's indented {@code acme.Account} JSON) is used, found by e-mail or by
 * CertMagic's "most recent account" rule, and an account of the previous naming is migrated. Registration is
 * refused in every case ({@code agreed=false}), so a login proves that nothing new was registered; Pebble's log
 * confirms it.
 */
@WithPebble
class CertMagicAccountsPebbleTest {

    static Pebble pebble;

    @TempDir
    Path root;

    @Test
    void anAccountCertMagicWroteIsUsedWithoutRegisteringAnew() throws Exception {
        KeyPair key = KeyType.EC256.generate();
        String location = registerAtPebble(key, "ops@example.test");
        try (FileStorage storage = FileStorage.builder(root).build()) {
            writeAsCertMagic(storage, "ops@example.test", key, location);
            long accountsBefore = pebble.countLogLines("accounts in memory");

            Login login = accounts(storage, "ops@example.test").login(session());

            assertThat(login.getAccountLocation()).hasToString(location);
            assertThat(login.getAccount().getStatus()).isEqualTo(Status.VALID);
            assertThat(pebble.countLogLines("accounts in memory")).isEqualTo(accountsBefore);
        }
    }

    @Test
    void withoutAnEmailTheMostRecentAccountFolderIsUsedAsCertMagicDoes() throws Exception {
        KeyPair older = KeyType.EC256.generate();
        KeyPair newer = KeyType.EC256.generate();
        String olderLocation = registerAtPebble(older, "older@example.test");
        String newerLocation = registerAtPebble(newer, "newer@example.test");
        try (FileStorage storage = FileStorage.builder(root).build()) {
            writeAsCertMagic(storage, "older@example.test", older, olderLocation);
            writeAsCertMagic(storage, "newer@example.test", newer, newerLocation);
            String issuer = StorageKeys.issuerKey(pebble.directoryUri());
            Path users = root.resolve(StorageKeys.usersPrefix(issuer));
            Files.setLastModifiedTime(users.resolve("older@example.test"), FileTime.from(Instant.now().minusSeconds(600)));
            Files.setLastModifiedTime(users.resolve("newer@example.test"), FileTime.from(Instant.now().minusSeconds(60)));
            Files.writeString(users.resolve(".DS_Store"), "a newer file is no account"); // CertMagic's own lesson

            Login login = accounts(storage, null).login(session());

            assertThat(login.getAccountLocation()).hasToString(newerLocation);
        }
    }

    @Test
    void anAccountOfThePreviousNamingIsMigratedOnceAndItsOldFilesKept() throws Exception {
        KeyPair key = KeyType.EC256.generate();
        String location = registerAtPebble(key, "legacy@example.test");
        String issuer = StorageKeys.issuerKey(pebble.directoryUri());
        try (FileStorage storage = FileStorage.builder(root).build()) {
            byte[] keyPem = PemCodec.writePrivateKey(key.getPrivate());
            String oldRegistration = "{\"location\":\"" + location + "\",\"email\":\"legacy@example.test\","
                    + "\"directory\":\"" + pebble.directoryUri() + "\"}";
            storage.store(StorageKeys.legacyUserPrivateKey(issuer, "legacy@example.test"), keyPem);
            storage.store(StorageKeys.legacyUserRegistration(issuer, "legacy@example.test"), oldRegistration.getBytes(UTF_8));
            long accountsBefore = pebble.countLogLines("accounts in memory");

            Login login = accounts(storage, "legacy@example.test").login(session());

            assertThat(login.getAccountLocation()).hasToString(location);
            assertThat(pebble.countLogLines("accounts in memory")).isEqualTo(accountsBefore);
            assertThat(storage.load(StorageKeys.userPrivateKey(issuer, "legacy@example.test"))).isEqualTo(keyPem);
            assertThat(new String(storage.load(StorageKeys.userRegistration(issuer, "legacy@example.test")), UTF_8))
                    .contains("\"status\":\"valid\"", "\"mailto:legacy@example.test\"", location);
            assertThat(StorageKeys.userRegistration(issuer, "legacy@example.test")).endsWith("/legacy.json");
            assertThat(storage.load(StorageKeys.legacyUserRegistration(issuer, "legacy@example.test")))
                    .asString(UTF_8).isEqualTo(oldRegistration);
        }
    }

    private static AcmeAccounts accounts(FileStorage storage, String email) {
        return new AcmeAccounts(storage, StorageKeys.issuerKey(pebble.directoryUri()), email, false, null, null,
                null);
    }

    private static Session session() {
        return new Session(pebble.directoryUri(),
                new TrustingAcmeProvider(List.of(pebble.trustCertificate()), Clock.systemUTC(),
                        Duration.ofSeconds(30), AcmeIssuerBuilder.DEFAULT_MAX_RESPONSE_SIZE, UserAgent.header(null)));
    }

    private static String registerAtPebble(KeyPair key, String email) throws Exception {
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(key).addEmail(email).createLogin(session())
                .getAccountLocation().toString();
    }

    /** The files CertMagic's {@code saveAccount} writes: SEC1 key, tab-indented JSON of acmez's Account. */
    private static void writeAsCertMagic(FileStorage storage, String email, KeyPair key, String location)
            throws Exception {
        String issuer = StorageKeys.issuerKey(pebble.directoryUri());
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getPrivate().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey
                .getInstance(info.parsePrivateKey());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                inner.getKey(), SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()).getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters());
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        assertThat(key.getPrivate()).isInstanceOf(ECPrivateKey.class);
        String json = "{\n\t\"status\": \"valid\",\n\t\"contact\": [\n\t\t\"mailto:" + email + "\"\n\t],\n"
                + "\t\"termsOfServiceAgreed\": true,\n\t\"orders\": \"" + location + "/orders\",\n"
                + "\t\"location\": \"" + location + "\"\n}";
        String localPart = email.substring(0, email.indexOf('@'));
        String folder = StorageKeys.usersPrefix(issuer) + "/" + email + "/";
        storage.store(folder + localPart + ".key", pem.toString().getBytes(UTF_8));
        storage.store(folder + localPart + ".json", json.getBytes(UTF_8));
    }
}
