package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.CertificateManager;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 20 item 3: a flood of handshakes for fresh on-demand names, decided by a slow ask endpoint, must not hold
 * every Tomcat worker, so that a handshake for a name already served still completes. Real Tomcat on loopback (50
 * workers, to keep the flood small), a real ask endpoint over HTTP that answers only when the test ends, real TLS
 * clients, and the default waiting bounds (32 waiting handshakes in total, 4 per name): 32 workers may wait, the
 * other 18 stay free for served names. It fails when the bounds do not hold (with {@code max-waiting} at 50 or more,
 * or without bounds as before the fix, the served name's handshake times out).
 */
@WithPebble(authzReuse = 0)
class TomcatOnDemandFloodPebbleTest {

    private static final int WORKERS = 50;
    private static final int FRESH_NAMES = 50;
    private static final int HANDSHAKES_PER_NAME = 3;

    static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    @Test
    void aServedNameStillCompletesItsHandshakeWhileFreshNamesWaitOnASlowAskEndpoint() throws Exception {
        String served = "served.flood.tomcat.example";
        CountDownLatch askAnswers = new CountDownLatch(1);
        HttpServer ask = slowAsk(askAnswers);
        ExecutorService flood = Executors.newFixedThreadPool(FRESH_NAMES * HANDSHAKES_PER_NAME);
        try (ConfigurableApplicationContext context = start(served, ask)) {
            CertMagicApplicationPebbleTest.awaitReadiness(context);
            TlsClient client = new TlsClient(pebble.issuingRoots());
            assertThat(CertMagicApplicationPebbleTest.dnsNames(client.leafFor(pebble.tlsPort(), served)))
                    .containsExactly(served);
            OnDemandGate gate = context.getBean(CertificateManager.class).view().onDemandGate().orElseThrow();

            for (int i = 0; i < FRESH_NAMES * HANDSHAKES_PER_NAME; i++) {
                String fresh = "fresh-" + (i % FRESH_NAMES) + ".flood.tomcat.example";
                flood.execute(() -> {
                    try {
                        client.leafFor(pebble.tlsPort(), fresh);
                    } catch (Exception expected) {
                        // Refused or timed out: what a fresh name gets while its decision is pending.
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> gate.inFlight() >= FRESH_NAMES * 4 / 5);

            // TlsClient gives up after 5 s without an answer: the generous deadline for a served name.
            for (int i = 0; i < 3; i++) {
                X509Certificate leaf = client.leafFor(pebble.tlsPort(), served);
                assertThat(CertMagicApplicationPebbleTest.dnsNames(leaf)).containsExactly(served);
            }
            assertThat(gate.inFlight()).as("the decisions are still pending: the flood was on").isPositive();
        } finally {
            askAnswers.countDown();
            ask.stop(0);
            flood.shutdownNow();
            assertThat(flood.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** An ask endpoint that answers 403 only once the test lets it, however long that takes. */
    private static HttpServer slowAsk(CountDownLatch answers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ask", exchange -> {
            try (exchange) {
                answers.await(120, TimeUnit.SECONDS);
                exchange.sendResponseHeaders(403, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private ConfigurableApplicationContext start(String served, HttpServer ask) throws IOException {
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet."
                        + "JettyServletWebServerAutoConfiguration",
                "server.address=127.0.0.1",
                "server.port=" + pebble.tlsPort(),
                "server.tomcat.threads.max=" + WORKERS,
                "certmagic.http.port=-1",
                "certmagic.challenges.http.enabled=false",
                "certmagic.domains=" + served,
                "certmagic.ca=" + pebble.directoryUrl(),
                "certmagic.acme.trusted-roots=file:" + trust,
                "certmagic.email=ops@flood.tomcat.example",
                "certmagic.agreed=true",
                "certmagic.storage.path=" + storage,
                "certmagic.on-demand.enabled=true",
                "certmagic.on-demand.ask=http://127.0.0.1:" + ask.getAddress().getPort() + "/ask",
                "certmagic.on-demand.ask-timeout=60s"));
        return new SpringApplicationBuilder(PebbleTestApplication.class).properties(properties.toArray(String[]::new))
                .run();
    }
}
