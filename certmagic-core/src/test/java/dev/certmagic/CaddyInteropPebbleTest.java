package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Caddy;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * One storage folder shared with a real Caddy 2.6 (Go CertMagic inside) and a real Pebble: what one obtained the
 * other serves, same serial, with no new order and no new account at the CA, and nothing of the other's is
 * rewritten; and an issuance lock this project holds keeps Caddy waiting past CertMagic's 10 s stale bound. Pebble's
 * log is the witness for orders ({@code Added order}) and account requests ({@code POST /sign-me-up},
 * registrations and look-ups alike). Caddy comes from Debian's package ({@code scripts/ensure-tools}).
 */
@WithPebble(authzReuse = 0)
class CaddyInteropPebbleTest {

    private static final String EMAIL = "ops@example.test";
    private static final String ACCOUNT_REQUEST = "POST /sign-me-up";
    private static final Duration CADDY_DEADLINE = Duration.ofSeconds(90);

    static Pebble pebble;

    @TempDir
    Path work;

    @Test
    void theManagerServesTheCertificateCaddyObtainedWithoutANewOrderOrAccountAndLeavesItsFilesAlone()
            throws Exception {
        String name = "from-caddy.interop.example";
        Path storage = work.resolve("storage");
        try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storage, pebble, EMAIL, List.of(name))) {
            caddy.awaitLogLines(1, CADDY_DEADLINE, "certificate obtained successfully", name);
        }
        String issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
        Map<String, String> caddysFiles = filesUnder(storage.resolve("certificates"));
        assertThat(caddysFiles).as("Caddy's site files").containsKey(StorageKeys.siteCertificate(issuerKey, name)
                .substring("certificates/".length()));
        assertThat(storage.resolve(StorageKeys.userPrivateKey(issuerKey, EMAIL))).as("Caddy's account key")
                .exists();
        BigInteger caddysSerial = leafOf(Files.readAllBytes(storage.resolve(StorageKeys.siteCertificate(issuerKey,
                name)))).getSerialNumber();
        long ordersBefore = pebble.countLogLines("Added order");
        long accountRequestsBefore = pebble.countLogLines(ACCOUNT_REQUEST);

        try (CertificateManager manager = manager(storage);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            manager.prepareAsync().get(30, java.util.concurrent.TimeUnit.SECONDS); // as the Spring app starts
            manager.manageSync(List.of(name));

            assertThat(new TlsProbe(pebble.issuingRoots()).serialFor(server.port(), name))
                    .as("the app serves Caddy's certificate").isEqualTo(caddysSerial);
        }

        assertThat(pebble.countLogLines("Added order")).as("new orders").isEqualTo(ordersBefore);
        assertThat(pebble.countLogLines(ACCOUNT_REQUEST)).as("account requests").isEqualTo(accountRequestsBefore);
        assertThat(filesUnder(storage.resolve("certificates"))).as("Caddy's files, unchanged")
                .containsAllEntriesOf(caddysFiles);
    }

    @Test
    void caddyServesTheCertificateTheManagerObtainedWithoutANewOrder() throws Exception {
        String name = "from-java.interop.example";
        Path storage = work.resolve("storage");
        BigInteger ourSerial;
        try (CertificateManager manager = manager(storage);
                JsseTestServer validation = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of(name));
            ourSerial = manager.view().cached(name).get(0).leaf().getSerialNumber();
        }
        long ordersBefore = pebble.countLogLines("Added order");
        long accountRequestsBefore = pebble.countLogLines(ACCOUNT_REQUEST);

        try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storage, pebble, EMAIL, List.of(name))) {
            assertThat(servedSerial(pebble.tlsPort(), name, caddy)).as("Caddy serves the app's certificate")
                    .isEqualTo(ourSerial);
            assertThat(caddy.countLogLines("certificate obtained successfully")).isZero();
        }

        assertThat(pebble.countLogLines("Added order")).as("new orders").isEqualTo(ordersBefore);
        assertThat(pebble.countLogLines(ACCOUNT_REQUEST)).as("account requests").isEqualTo(accountRequestsBefore);
    }

    @Test
    void caddyWaitsForALockTheManagerHoldsPastItsStaleBoundAndOrdersOnlyAfterRelease() throws Exception {
        String name = "locked.interop.example";
        String lock = StorageKeys.issuanceLockName(name);
        Path storagePath = work.resolve("storage");
        try (FileStorage storage = FileStorage.builder(storagePath).build()) {
            storage.lock(lock); // default timings: refreshed every 5 s, as CertMagic expects
            try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storagePath, pebble, EMAIL,
                    List.of(name))) {
                caddy.awaitLogLines(1, CADDY_DEADLINE, "acquiring lock", name);
                // CertMagic takes over a lock not updated for 10 s; ours must stay respected well past that.
                Instant until = Instant.now().plus(Duration.ofSeconds(14));
                while (Instant.now().isBefore(until)) {
                    assertThat(caddy.countLogLines("lock acquired", name)).as("Caddy took our live lock").isZero();
                    assertThat(caddy.countLogLines("decoding lockfile")).as("Caddy could not read our lock").isZero();
                    Thread.sleep(250);
                }

                storage.unlock(lock);

                caddy.awaitLogLines(1, CADDY_DEADLINE, "certificate obtained successfully", name);
            }
        }
    }

    private CertificateManager manager(Path storage) {
        return CertificateManager.builder()
                .storage(FileStorage.builder(storage).build())
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email(EMAIL).networkTimeout(Duration.ofSeconds(5)))
                .build();
    }

    /** Handshakes with Caddy until it listens (it starts asynchronously), then returns the served serial. */
    private BigInteger servedSerial(int port, String name, Caddy caddy) throws Exception {
        Instant deadline = Instant.now().plus(CADDY_DEADLINE);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return handshake(port, name).getSerialNumber();
            } catch (java.io.IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("Caddy never completed a handshake for " + name + ": " + caddy.describe(), last);
    }

    private X509Certificate handshake(int port, String name) throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        List<X509Certificate> issuing = pebble.issuingRoots();
        for (int i = 0; i < issuing.size(); i++) {
            roots.setCertificateEntry("root-" + i, issuing.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate leafOf(byte[] pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem));
    }

    private static Map<String, String> filesUnder(Path folder) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file).toString(), new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
