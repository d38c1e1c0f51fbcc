package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.net.ssl.ExtendedSSLSession;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Caddy;
import dev.certmagic.testsupport.OcspResponderServer;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;

/**
 * OCSP staples shared with a real Caddy 2.6 (Go CertMagic inside) through one storage folder: each side finds the
 * staple the other stored, because both name it {@code ocsp/<first name>-<fastHash of the PEM bundle>} and store the
 * raw DER response. The witness is the test's OCSP responder, named in every certificate by Pebble
 * ({@code ocspResponderURL}) and signing with Pebble's intermediate key: a side that did not find the other's staple
 * asks it, and stores a second file under its own name.
 */
class CaddyOcspInteropPebbleTest {

    private static final String EMAIL = "ops@example.test";
    private static final Duration CADDY_DEADLINE = Duration.ofSeconds(90);

    private static OcspResponderServer responder;
    private static Pebble pebble;

    @TempDir
    Path work;

    @BeforeAll
    static void startCaAndResponder() {
        responder = OcspResponderServer.start(Clock.systemUTC());
        pebble = Pebble.start(PebbleSettings.DEFAULTS.withOcspResponderUrl(responder.url().toString()));
        X509Certificate intermediate = pebble.intermediates().get(0);
        responder.signWith(pebble.intermediateKey(), intermediate, intermediate);
    }

    @AfterAll
    static void stop() {
        responder.close();
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    void theManagerStaplesTheResponseCaddyStoredWithoutAskingTheResponder() throws Exception {
        String name = "staple-from-caddy.interop.example";
        Path storage = work.resolve("storage");
        try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storage, pebble, EMAIL, List.of(name))) {
            caddy.awaitLogLines(1, CADDY_DEADLINE, "certificate obtained successfully", name);
            await().atMost(CADDY_DEADLINE).until(() -> !filesUnder(storage.resolve("ocsp")).isEmpty());
        }
        Map<String, byte[]> caddysStaples = filesUnder(storage.resolve("ocsp"));
        assertThat(caddysStaples).as("Caddy stored one staple").hasSize(1);
        int requestsBefore = responder.requestCount();

        try (CertificateManager manager = manager(storage)) {
            manager.manageSync(List.of(name));

            ManagedCertificate served = manager.view().cached(name).get(0);
            assertThat(served.ocspStaple()).as("the manager staples Caddy's response")
                    .isEqualTo(caddysStaples.values().iterator().next());
        }
        assertThat(responder.requestCount()).as("OCSP requests by the manager").isEqualTo(requestsBefore);
        assertThat(filesUnder(storage.resolve("ocsp")).keySet()).as("no staple under another name")
                .isEqualTo(caddysStaples.keySet());
    }

    @Test
    void caddyStaplesTheResponseTheManagerStoredWithoutAskingTheResponder() throws Exception {
        String name = "staple-from-java.interop.example";
        Path storage = work.resolve("storage");
        BigInteger ourSerial;
        byte[] ourStaple;
        try (CertificateManager manager = manager(storage);
                JsseTestServer validation = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
            manager.manageSync(List.of(name));
            ManagedCertificate served = manager.view().cached(name).get(0);
            ourSerial = served.leaf().getSerialNumber();
            ourStaple = served.ocspStaple();
        }
        assertThat(ourStaple).as("the manager stapled").isNotNull();
        Map<String, byte[]> ourStaples = filesUnder(storage.resolve("ocsp"));
        assertThat(ourStaples).hasSize(1);
        int requestsBefore = responder.requestCount();

        try (Caddy caddy = Caddy.startWithPebble(work.resolve("caddy"), storage, pebble, EMAIL, List.of(name))) {
            // Caddy staples a certificate as it loads it, before it serves it: once it serves ours, it has decided.
            ExtendedSSLSession session = servedSession(caddy, name);
            assertThat(((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber())
                    .as("Caddy serves the manager's certificate").isEqualTo(ourSerial);
            assertThat(session.getStatusResponses()).as("Caddy staples the manager's response")
                    .containsExactly(ourStaple);
        }
        assertThat(responder.requestCount()).as("OCSP requests by Caddy").isEqualTo(requestsBefore);
        assertThat(filesUnder(storage.resolve("ocsp")).keySet()).as("no staple under another name")
                .isEqualTo(ourStaples.keySet());
    }

    /** Handshakes with Caddy until it serves the name (it starts asynchronously), then returns the session. */
    private static ExtendedSSLSession servedSession(Caddy caddy, String name) throws Exception {
        TlsProbe probe = new TlsProbe(pebble.issuingRoots());
        Instant deadline = Instant.now().plus(CADDY_DEADLINE);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return probe.sessionFor(pebble.tlsPort(), name);
            } catch (java.io.IOException notYet) {
                last = notYet;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("Caddy never served " + name + ": " + caddy.describe(), last);
    }

    private CertificateManager manager(Path storage) {
        return CertificateManager.builder()
                .storage(FileStorage.builder(storage).build())
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email(EMAIL).networkTimeout(Duration.ofSeconds(5)))
                .build();
    }

    private static Map<String, byte[]> filesUnder(Path folder) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (var walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
