package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.OcspResponderServer;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * OCSP stapling ({@code certmagic.ocsp.stapling=true}) on Reactor Netty, with the JDK's TLS and with BoringSSL:
 * Pebble's certificates name a responder run by the test (signing with Pebble's intermediate key), the application
 * obtains a certificate and its validated staple, and a JDK client that asks for OCSP status ({@code status_request},
 * sent by default) receives exactly that response in the handshake. The responder is started before Pebble, whose
 * configuration needs its URL, so Pebble is started here rather than by {@code @WithPebble}.
 *
 * <p>On BoringSSL the staple is set per engine, so a refreshed staple must be served at once by the same context;
 * the responses are short-lived there (20 s, refreshed at half-life, checked every second). JSSE caches a response
 * for up to {@code jdk.tls.stapling.cacheLifetime} (an hour), so the JDK engine is checked with one response.
 */
class NettyOcspStaplingPebbleTest {

    private static OcspResponderServer responder;

    private static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

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

    @ParameterizedTest(name = "certmagic.tls.provider={0}")
    @ValueSource(strings = { "jdk", "boringssl" })
    void theHandshakeStaplesTheManagersValidatedResponse(String provider) throws Exception {
        String name = "stapled-" + provider + ".netty-ocsp.example";
        boolean perEngine = provider.equals("boringssl");
        responder.validity(perEngine ? Duration.ofSeconds(20) : Duration.ofHours(2));
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        try (ConfigurableApplicationContext context = start(trust, provider, name)) {
            CertificateManager manager = context.getBean(CertificateManager.class);
            // The manager staples a certificate before caching it: once cached, its staple is decided.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !manager.view().cached(name).isEmpty());
            ManagedCertificate cached = manager.view().cached(name).get(0);
            assertThat(cached.ocspStaple()).as("the manager holds a validated staple").isNotNull();

            byte[] first = assertStaplesCurrentResponse(manager, name, cached.leaf());
            // A second handshake reuses the context built by the first: the staple is still attached.
            assertThat(handshake(name).getStatusResponses()).as("second handshake").isNotEmpty();
            if (perEngine) {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !Arrays.equals(manager.view().cached(name).get(0).ocspStaple(), first));
                byte[] refreshed = assertStaplesCurrentResponse(manager, name, cached.leaf());
                assertThat(refreshed).as("the refreshed staple, served by the same context").isNotEqualTo(first);
            }
        }
    }

    /**
     * Handshakes and asserts that the stapled response is the manager's current {@code ocspStaple()}. Retries (with
     * a deadline) only when the manager refreshed the staple during the handshake, when either answer is right.
     */
    private static byte[] assertStaplesCurrentResponse(CertificateManager manager, String name,
            X509Certificate leaf) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            byte[] before = manager.view().cached(name).get(0).ocspStaple();
            ExtendedSSLSession session = handshake(name);
            byte[] after = manager.view().cached(name).get(0).ocspStaple();
            if (Arrays.equals(before, after) || System.nanoTime() > deadline) {
                assertThat(((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber())
                        .isEqualTo(leaf.getSerialNumber());
                assertThat(session.getStatusResponses()).as("the stapled response is the manager's ocspStaple()")
                        .containsExactly(after);
                return after;
            }
        }
    }

    private ConfigurableApplicationContext start(Path trust, String provider, String name) {
        return new SpringApplicationBuilder(PebbleTestApplication.class).web(WebApplicationType.REACTIVE)
            .properties("spring.main.banner-mode=off",
                    "spring.autoconfigure.exclude=" + NettyApplicationPebbleTest.OTHER_REACTIVE_SERVERS,
                    "server.address=127.0.0.1",
                    "server.port=" + pebble.tlsPort(),
                    "certmagic.http.port=-1",
                    "certmagic.challenges.http.enabled=false",
                    "certmagic.tls.provider=" + provider,
                    "certmagic.domains=" + name,
                    "certmagic.ocsp.stapling=true",
                    "certmagic.ocsp.check-interval=1s",
                    "certmagic.ca=" + pebble.directoryUrl(),
                    "certmagic.acme.trusted-roots=file:" + trust,
                    "certmagic.email=ops@netty-ocsp.example",
                    "certmagic.agreed=true",
                    "certmagic.storage.path=" + storage)
            .run();
    }

    /** A verified handshake that asks for OCSP status (the JDK client's default) and returns its session. */
    private static ExtendedSSLSession handshake(String name) throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        List<X509Certificate> issuing = pebble.issuingRoots();
        for (int i = 0; i < issuing.size(); i++) {
            roots.setCertificateEntry("root-" + i, issuing.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(roots);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", pebble.tlsPort()), 5000);
            plain.setSoTimeout(30_000);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, pebble.tlsPort(),
                    false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(name)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return (ExtendedSSLSession) socket.getSession();
            }
        }
    }
}
