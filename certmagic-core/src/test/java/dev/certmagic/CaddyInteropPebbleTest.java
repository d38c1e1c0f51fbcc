package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.acme.Http01TestServer;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;
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
    /** Pebble's log line for a finalized order. */
    private static final String ISSUED = "Issued certificate serial";

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

    @Test
    void caddyAndTheManagerStartedTogetherOnFiveNamesOrderEachOnceAndCaddyAnswersTheManagersChallenges()
            throws Exception {
        List<String> names = IntStream.rangeClosed(1, 5).mapToObj(i -> "shared-" + i + ".interop.example")
                .toList();
        Path storage = work.resolve("storage");
        Set<String> obtainedByUs = ConcurrentHashMap.newKeySet();
        long ordersBefore = pebble.countLogLines("Added order");
        long issuedBefore = pebble.countLogLines(ISSUED);
        ChallengeWriteGate gate = new ChallengeWriteGate(FileStorage.builder(storage).build());
        // Only Caddy listens where Pebble validates; the manager has no listener there, so an order of the
        // manager's is validated only if Caddy answers it from the shared storage. The manager solves TLS-ALPN-01:
        // Caddy 2.6 picks the issuer whose challenge files it reads by the HTTP Host header, port included, and
        // Pebble's HTTP-01 requests name its non-standard port, so with Pebble it would look in the default CA's
        // folder (on port 80 the Host carries no port). The SNI of a TLS-ALPN-01 handshake has no such problem.
        try (CertificateManager manager = managerWithoutValidationListener(gate, obtainedByUs);
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            CompletableFuture<Void> ours = manager.manageAsync(names);
            try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storage, pebble, EMAIL, names)) {
                // A Caddy process needs a moment to listen; until then Pebble would find no one to validate the
                // manager's orders. The gate holds the manager's challenge data (its locks held) until it does.
                awaitListening(pebble.tlsPort(), caddy);
                gate.open();
                ours.get(CADDY_DEADLINE.toSeconds() * 2, TimeUnit.SECONDS);

                TlsProbe probe = new TlsProbe(pebble.issuingRoots());
                for (String name : names) {
                    BigInteger served = probe.serialFor(server.port(), name);
                    assertThat(servedSerial(pebble.tlsPort(), name, caddy))
                            .as("Caddy and the app serve one certificate for " + name).isEqualTo(served);
                }
                List<String> obtainedByCaddy = names.stream()
                        .filter(name -> caddy.countLogLines("certificate obtained successfully", name) > 0).toList();
                assertThat(obtainedByCaddy.size() + obtainedByUs.size())
                        .as("names obtained by Caddy %s and by the app %s", obtainedByCaddy, obtainedByUs)
                        .isEqualTo(names.size());
                for (String name : obtainedByUs) {
                    assertThat(caddy.countLogLines("served key authentication", "\"distributed\":true", name))
                            .as("Caddy answered the app's challenge for %s from storage", name).isPositive();
                }
            }
        }
        assertThat(pebble.countLogLines("Added order") - ordersBefore).as("orders at Pebble").isEqualTo(5);
        assertThat(pebble.countLogLines(ISSUED) - issuedBefore).as("certificates issued").isEqualTo(5);
    }

    @Test
    void theManagerAnswersCaddysValidationFromSharedStorageWhenOnlyTheManagerIsReachable() throws Exception {
        String name = "answered-by-java.interop.example";
        Path storage = work.resolve("storage");
        Set<String> obtainedByUs = ConcurrentHashMap.newKeySet();
        long ordersBefore = pebble.countLogLines("Added order");
        // The manager listens where Pebble validates (HTTP-01 and TLS-ALPN-01: Caddy picks the type); Caddy listens
        // elsewhere, so its order is validated only if the manager answers it from Caddy's challenge file.
        LockGate gate = new LockGate(FileStorage.builder(storage).build());
        try (CertificateManager manager = managerWithoutValidationListener(gate, obtainedByUs);
                JsseTestServer tls = new JsseTestServer(manager.sslContext(), pebble.tlsPort());
                Http01TestServer http = new Http01TestServer(pebble.httpPort(), manager.httpChallenges())) {
            // The manager manages the name first (it answers validations only for names it manages), but reaches
            // for the issuance lock only once Caddy holds it: the order is Caddy's.
            CompletableFuture<Void> ours = manager.manageAsync(List.of(name));
            try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storage, pebble, EMAIL, List.of(name),
                    freePort(), freePort())) {
                caddy.awaitLogLines(1, CADDY_DEADLINE, "lock acquired", name);
                gate.open();

                caddy.awaitLogLines(1, CADDY_DEADLINE, "certificate obtained successfully", name);
                ours.get(CADDY_DEADLINE.toSeconds(), TimeUnit.SECONDS);

                assertThat(obtainedByUs).as("the manager ordered nothing").isEmpty();
                assertThat(caddy.countLogLines("challenge failed")).as("Caddy's failed validations: %s",
                        caddy.describe()).isZero();
                assertThat(new TlsProbe(pebble.issuingRoots()).serialFor(tls.port(), name))
                        .as("the manager serves Caddy's certificate")
                        .isEqualTo(leafOf(Files.readAllBytes(storage.resolve(StorageKeys.siteCertificate(
                                StorageKeys.issuerKey(pebble.directoryUri()), name)))).getSerialNumber());
                assertThat(pebble.countLogLines("Added order") - ordersBefore).as("orders at Pebble; Caddy: %s",
                        caddy.describe()).isEqualTo(1);
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

    /**
     * A manager that solves TLS-ALPN-01 with no listener on Pebble's validation ports; it records the names it
     * obtained itself (as opposed to loaded from Caddy's files).
     */
    private CertificateManager managerWithoutValidationListener(Storage storage, Set<String> obtained) {
        return CertificateManager.builder()
                .storage(storage)
                .httpChallenge(false)
                .listener(event -> {
                    if (event instanceof CertificateObtainedEvent o) {
                        obtained.add(o.names().get(0));
                    }
                })
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email(EMAIL).networkTimeout(Duration.ofSeconds(5)))
                .build();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits until Caddy accepts connections on a port (it binds them asynchronously after its process starts). */
    private static void awaitListening(int port, Caddy caddy) throws InterruptedException {
        Instant deadline = Instant.now().plus(CADDY_DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("Caddy never listened on " + port + ": " + caddy.describe());
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
