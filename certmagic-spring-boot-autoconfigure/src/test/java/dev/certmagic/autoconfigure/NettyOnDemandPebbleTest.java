package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.CertificateManager;
import dev.certmagic.event.OnDemandDecisionEvent;
import dev.certmagic.ondemand.OnDemandVerdict;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * On-demand TLS on Reactor Netty (WebFlux), with the JDK's TLS and with BoringSSL: no {@code certmagic.domains},
 * an allowlist, and a real Pebble validating TLS-ALPN-01 against the same server whose ClientHello lookup waits
 * (off the event loop) for the order. Hostile names order nothing, and while a crowd of them is refused, a
 * handshake for a cached name still completes promptly: the event loops are never the ones waiting.
 */
@WithPebble(authzReuse = 0)
class NettyOnDemandPebbleTest {

    /** Longer than one TLS-ALPN-01 order against Pebble (acme4j polls every ~3 s). */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    /** What a cached name's handshake may take while hostile names are being refused. */
    private static final Duration CACHED_HANDSHAKE_BOUND = Duration.ofSeconds(3);

    /**
     * How many hostile names the flood sends: 1,000 by default (CI), {@code -Dcertmagic.test.netty-flood-names=10000}
     * for the full flood ({@code benchmarks/load/netty-ondemand-flood.sh}).
     */
    private static final int HOSTILE_NAMES = Integer.getInteger("certmagic.test.netty-flood-names", 1_000);

    /** Client threads sending the hostile names. */
    private static final int FLOOD_THREADS = 16;

    static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    @ParameterizedTest(name = "certmagic.tls.provider={0}")
    @ValueSource(strings = { "jdk", "boringssl" })
    void anAllowedNameGetsItsCertificateInItsFirstHandshakeHostileNamesOrderNothingAndARestartReusesStorage(
            String provider) throws Exception {
        String allowed = "shop-" + provider + ".customers.netty.example";
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        BigInteger serial;
        try (ConfigurableApplicationContext context = start(trust, provider)) {
            awaitReadiness(context);
            long ordersBefore = pebble.countLogLines("Added order");

            X509Certificate leaf = handshake(allowed);
            assertThat(CertMagicApplicationPebbleTest.dnsNames(leaf)).containsExactly(allowed);
            assertThat(pebble.countLogLines("Added order") - ordersBefore).as("one order, during the handshake")
                    .isEqualTo(1);
            serial = leaf.getSerialNumber();

            assertThatThrownBy(() -> handshake("shop.elsewhere.example")).isInstanceOf(IOException.class);
            long floodStart = System.nanoTime();
            List<Duration> cachedHandshakes = refuseHostileNamesWhileServing(allowed);
            Duration flood = Duration.ofNanos(System.nanoTime() - floodStart);
            long hostileOrders = pebble.countLogLines("Added order") - ordersBefore - 1;
            String figures = figures(provider, flood, cachedHandshakes, hostileOrders);
            System.out.println(figures);
            assertThat(cachedHandshakes).as("a cached name is served within %s during the flood: %s",
                    CACHED_HANDSHAKE_BOUND, figures)
                    .allSatisfy(took -> assertThat(took).isLessThan(CACHED_HANDSHAKE_BOUND));
            assertThat(hostileOrders).as("no order for hostile names: %s", figures).isZero();
            List<OnDemandDecisionEvent> events =
                    context.getBean(OnDemandAutoConfigurationTest.DecisionEvents.class).events;
            assertThat(events).filteredOn(event -> event.names().contains(allowed))
                    .extracting(OnDemandDecisionEvent::verdict).containsExactly(OnDemandVerdict.ALLOWED);
            assertThat(events).filteredOn(event -> event.names().contains("shop.elsewhere.example"))
                    .extracting(OnDemandDecisionEvent::verdict).isNotEmpty()
                    .containsOnly(OnDemandVerdict.NOT_IN_ALLOWLIST);
        }
        long ordersBeforeRestart = pebble.countLogLines("Added order");

        try (ConfigurableApplicationContext restarted = start(trust, provider)) {
            awaitReadiness(restarted);
            assertThat(restarted.getBean(CertificateManager.class).view().cached(allowed))
                    .as("not loaded at startup: on-demand names are not configured").isEmpty();
            assertThat(handshake(allowed).getSerialNumber()).isEqualTo(serial);
            assertThat(restarted.getBean(CertificateManager.class).view().onDemandGate().orElseThrow().ordersStarted())
                    .isZero();
        }
        assertThat(pebble.countLogLines("Added order")).as("served from storage after the restart")
                .isEqualTo(ordersBeforeRestart);
    }

    /**
     * Sends {@value #HOSTILE_NAMES} handshakes for names outside the allowlist from several threads, and times
     * handshakes for the cached name meanwhile.
     */
    private static List<Duration> refuseHostileNamesWhileServing(String cached) throws Exception {
        ExecutorService crowd = Executors.newFixedThreadPool(FLOOD_THREADS);
        // Hostile handshakes never establish a session: one client context for all, so the client is not the
        // bottleneck at 10,000 names. Each cached-name handshake gets a new one (a full handshake, never resumed).
        SSLContext hostileTls = clientTls();
        try {
            List<Future<?>> hostile = new ArrayList<>();
            for (int i = 0; i < HOSTILE_NAMES; i++) {
                String name = "h" + i + ".attacker-" + i % 7 + ".example";
                hostile.add(crowd.submit(() -> {
                    assertThatThrownBy(() -> handshake(name, hostileTls)).isInstanceOf(IOException.class);
                    return null;
                }));
            }
            List<Duration> timings = new ArrayList<>();
            while (hostile.stream().anyMatch(f -> !f.isDone())) {
                long start = System.nanoTime();
                handshake(cached);
                timings.add(Duration.ofNanos(System.nanoTime() - start));
            }
            for (Future<?> f : hostile) {
                f.get();
            }
            assertThat(timings).as("handshakes for the cached name ran during the flood").isNotEmpty();
            return timings;
        } finally {
            crowd.shutdownNow();
        }
    }

    /** One line with the flood's figures, for the assertion messages and the benchmark script. */
    private static String figures(String provider, Duration flood, List<Duration> cachedHandshakes,
            long hostileOrders) {
        List<Long> millis = cachedHandshakes.stream().map(Duration::toMillis).sorted().toList();
        return String.format(java.util.Locale.ROOT, "netty-flood provider=%s hostile-names=%d client-threads=%d "
                + "flood-seconds=%.1f hostile-per-second=%.0f cached-handshakes=%d cached-p50-ms=%d cached-p99-ms=%d "
                + "cached-max-ms=%d hostile-orders=%d", provider, HOSTILE_NAMES, FLOOD_THREADS,
                flood.toMillis() / 1000.0, HOSTILE_NAMES * 1000.0 / Math.max(1, flood.toMillis()), millis.size(),
                percentile(millis, 50), percentile(millis, 99), millis.isEmpty() ? 0 : millis.get(millis.size() - 1),
                hostileOrders);
    }

    private static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private ConfigurableApplicationContext start(Path trust, String provider) {
        return new SpringApplicationBuilder(PebbleTestApplication.class,
                OnDemandAutoConfigurationTest.DecisionEvents.class).web(WebApplicationType.REACTIVE).properties(
                        "spring.main.banner-mode=off",
                        "spring.autoconfigure.exclude=" + NettyApplicationPebbleTest.OTHER_REACTIVE_SERVERS,
                        "server.address=127.0.0.1",
                        "server.port=" + pebble.tlsPort(),
                        "certmagic.http.port=-1",
                        "certmagic.challenges.http.enabled=false",
                        "certmagic.tls.provider=" + provider,
                        "certmagic.ca=" + pebble.directoryUrl(),
                        "certmagic.acme.trusted-roots=file:" + trust,
                        "certmagic.email=ops@customers.netty.example",
                        "certmagic.agreed=true",
                        "certmagic.storage.path=" + storage,
                        "certmagic.on-demand.enabled=true",
                        "certmagic.on-demand.allowed-domains=*.customers.netty.example",
                        "certmagic.on-demand.handshake-timeout=" + HANDSHAKE_TIMEOUT.toSeconds() + "s")
                .run();
    }

    private static void awaitReadiness(ConfigurableApplicationContext context) {
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
    }

    /**
     * A verified handshake (Pebble's issuing roots, HTTPS identity of {@code name}) that waits as long as the
     * server may hold it for an on-demand order.
     */
    private static X509Certificate handshake(String name) throws Exception {
        return handshake(name, clientTls());
    }

    private static X509Certificate handshake(String name, SSLContext tls) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", pebble.tlsPort()), 5000);
            plain.setSoTimeout((int) HANDSHAKE_TIMEOUT.plusSeconds(15).toMillis());
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, name, pebble.tlsPort(),
                    false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(name)));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        }
    }

    /** A new client context (no session to resume) that trusts Pebble's issuing roots. */
    private static SSLContext clientTls() throws Exception {
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        List<X509Certificate> issuing = pebble.issuingRoots();
        for (int i = 0; i < issuing.size(); i++) {
            roots.setCertificateEntry("root-" + i, issuing.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
