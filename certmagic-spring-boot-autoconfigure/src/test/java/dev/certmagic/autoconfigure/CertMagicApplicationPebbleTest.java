package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.autoconfigure.web.RawHttp;
import dev.certmagic.testsupport.Pebble;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as users run it (auto-configuration, {@code certmagic.*} properties, a controller) on a real
 * server bound to loopback, against a real Pebble: HTTPS on Pebble's TLS-ALPN-01 port, plain HTTP on its HTTP-01
 * port. Subclasses pick Tomcat or Jetty and get their own Pebble ({@code @WithPebble}).
 */
abstract class CertMagicApplicationPebbleTest {

    private static final Duration ISSUANCE_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    private Path trustPem;

    /** The other server's auto-configuration, excluded so that the one under test runs. */
    abstract String excludedServerAutoConfiguration();

    abstract Pebble pebble();

    /** Servlet by default; the Reactor Netty subclasses run WebFlux (servlet classes are on the class path too). */
    WebApplicationType webApplicationType() {
        return WebApplicationType.SERVLET;
    }

    /** Properties of the server under test, e.g. its TLS engine. */
    List<String> serverProperties() {
        return List.of();
    }

    /** Checks of the running server beyond its type, e.g. which TLS engine serves. */
    void assertServer(ConfigurableApplicationContext context) {
    }

    @BeforeEach
    void writePebbleTrust() throws Exception {
        trustPem = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble().trustPem());
    }

    @Test
    void obtainsTwoNamesByTlsAlpn01ServesEachBySniRedirectsHttpAndRestartsWithoutANewOrder() throws Exception {
        String one = "one." + server() + ".boot.example";
        String two = "two." + server() + ".boot.example";
        TlsClient client = new TlsClient(pebble().issuingRoots());
        List<BigInteger> serials = new ArrayList<>();
        try (ConfigurableApplicationContext context = start(one + "," + two,
                "certmagic.challenges.http.enabled=false")) {
            assertThat(((WebServerApplicationContext) context).getWebServer().getClass().getSimpleName())
                    .as("the server under test").startsWithIgnoringCase(server());
            awaitReadiness(context);
            assertServer(context);
            for (String name : List.of(one, two)) {
                X509Certificate leaf = client.leafFor(pebble().tlsPort(), name);
                assertThat(dnsNames(leaf)).containsExactly(name);
                serials.add(leaf.getSerialNumber());
            }
            PebbleTestApplication.Recorder recorder = context.getBean(PebbleTestApplication.Recorder.class);
            assertThat(recorder.obtained).as("typed @EventListener, despite a throwing sibling listener")
                    .flatExtracting(event -> event.names()).containsExactlyInAnyOrder(one, two);
            assertThat(recorder.readiness).as("refused traffic until both names were served")
                    .startsWith(ReadinessState.REFUSING_TRAFFIC).endsWith(ReadinessState.ACCEPTING_TRAFFIC);

            RawHttp.Response redirect = RawHttp.send(pebble().httpPort(), "GET", "/path?q=1", one);
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.header("Location"))
                    .isEqualTo("https://" + one + ":" + pebble().tlsPort() + "/path?q=1");
        }
        long ordersBefore = pebble().countLogLines("Added order");

        try (ConfigurableApplicationContext restarted = start(one + "," + two,
                "certmagic.challenges.http.enabled=false")) {
            awaitReadiness(restarted);
            assertThat(client.leafFor(pebble().tlsPort(), one).getSerialNumber()).isEqualTo(serials.get(0));
            assertThat(client.leafFor(pebble().tlsPort(), two).getSerialNumber()).isEqualTo(serials.get(1));
            assertThat(restarted.getBean(PebbleTestApplication.Recorder.class).readiness)
                    .as("valid certificates in storage: readiness never waited on the CA")
                    .doesNotContain(ReadinessState.REFUSING_TRAFFIC);
        }
        assertThat(pebble().countLogLines("Added order")).as("no new order after the restart")
                .isEqualTo(ordersBefore);
    }

    @Test
    void obtainsByHttp01AloneThroughThePlainHttpConnector() throws Exception {
        String name = "http01." + server() + ".boot.example";
        try (ConfigurableApplicationContext context = start(name, "certmagic.challenges.tls-alpn.enabled=false")) {
            awaitReadiness(context);
            X509Certificate leaf = new TlsClient(pebble().issuingRoots()).leafFor(pebble().tlsPort(), name);
            assertThat(dnsNames(leaf)).containsExactly(name);
            assertThat(RawHttp.send(pebble().httpPort(), "GET", "/.well-known/acme-challenge/unknownToken", name)
                    .status()).as("no pending challenge for this token: redirected like any other request")
                    .isEqualTo(301);
        }
    }

    @Test
    void withHttp2OnAlpnNegotiatesH2AndTlsAlpn01StillValidates() throws Exception {
        String name = "h2." + server() + ".boot.example";
        try (ConfigurableApplicationContext context = start(name, "server.http2.enabled=true",
                "certmagic.challenges.http.enabled=false")) {
            awaitReadiness(context);
            TlsClient client = new TlsClient(pebble().issuingRoots());
            assertThat(client.negotiatedProtocol(pebble().tlsPort(), name, List.of("h2", "http/1.1")))
                    .isEqualTo("h2");
            assertThat(client.negotiatedProtocol(pebble().tlsPort(), name, List.of("http/1.1")))
                    .as("HTTP/1.1-only clients still served").isEqualTo("http/1.1");
        }
    }

    static List<String> dnsNames(X509Certificate leaf) throws Exception {
        return leaf.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
    }

    String server() {
        String test = getClass().getSimpleName();
        return test.startsWith("Jetty") ? "jetty" : test.startsWith("Netty") ? "netty" : "tomcat";
    }

    ConfigurableApplicationContext start(String domains, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=" + excludedServerAutoConfiguration(),
                "server.address=127.0.0.1",
                "server.port=" + pebble().tlsPort(),
                "certmagic.http.port=" + pebble().httpPort(),
                "certmagic.domains=" + domains,
                "certmagic.ca=" + pebble().directoryUrl(),
                "certmagic.acme.trusted-roots=file:" + trustPem,
                "certmagic.email=ops@boot.example",
                "certmagic.agreed=true",
                "certmagic.storage.path=" + storage));
        properties.addAll(serverProperties());
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(PebbleTestApplication.class).web(webApplicationType())
                .properties(properties.toArray(String[]::new)).run();
    }

    static void awaitReadiness(ConfigurableApplicationContext context) {
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        await().atMost(ISSUANCE_DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
    }
}
