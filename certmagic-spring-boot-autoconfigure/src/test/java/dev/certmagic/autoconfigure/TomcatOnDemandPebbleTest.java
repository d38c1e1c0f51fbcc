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
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.certmagic.CertificateManager;
import dev.certmagic.event.OnDemandDecisionEvent;
import dev.certmagic.ondemand.OnDemandVerdict;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * On-demand TLS in the application as users run it: Tomcat on loopback, no {@code certmagic.domains}, an
 * allowlist in {@code certmagic.on-demand.allowed-domains}, and a real Pebble validating TLS-ALPN-01 against the
 * same connector that is waiting in the handshake.
 */
@WithPebble(authzReuse = 0)
class TomcatOnDemandPebbleTest {

    /** Longer than one TLS-ALPN-01 order against Pebble (acme4j polls every ~3 s). */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    @Test
    void anAllowedNameGetsItsCertificateInItsFirstHandshakeAForeignNameOrdersNothingAndARestartReusesStorage()
            throws Exception {
        String allowed = "shop.customers.tomcat.example";
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        BigInteger serial;
        try (ConfigurableApplicationContext context = start(trust)) {
            awaitReadiness(context);
            long ordersBefore = pebble.countLogLines("Added order");

            X509Certificate leaf = handshake(allowed);
            assertThat(CertMagicApplicationPebbleTest.dnsNames(leaf)).containsExactly(allowed);
            assertThat(pebble.countLogLines("Added order") - ordersBefore).as("one order, during the handshake")
                    .isEqualTo(1);
            serial = leaf.getSerialNumber();

            assertThatThrownBy(() -> handshake("shop.elsewhere.example")).isInstanceOf(IOException.class);
            assertThat(pebble.countLogLines("Added order") - ordersBefore).as("no order for a foreign name")
                    .isEqualTo(1);
            // JSSE may ask the key manager once per key type, so a refused name can be decided more than once.
            List<OnDemandDecisionEvent> events =
                    context.getBean(OnDemandAutoConfigurationTest.DecisionEvents.class).events;
            assertThat(events).filteredOn(event -> event.names().contains(allowed))
                    .extracting(OnDemandDecisionEvent::verdict).containsExactly(OnDemandVerdict.ALLOWED);
            assertThat(events).filteredOn(event -> event.names().contains("shop.elsewhere.example"))
                    .extracting(OnDemandDecisionEvent::verdict).isNotEmpty()
                    .containsOnly(OnDemandVerdict.NOT_IN_ALLOWLIST);
        }
        long ordersBeforeRestart = pebble.countLogLines("Added order");

        try (ConfigurableApplicationContext restarted = start(trust)) {
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

    private ConfigurableApplicationContext start(Path trust) {
        return new SpringApplicationBuilder(PebbleTestApplication.class,
                OnDemandAutoConfigurationTest.DecisionEvents.class).properties(
                        "spring.main.banner-mode=off",
                        "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet."
                                + "JettyServletWebServerAutoConfiguration",
                        "server.address=127.0.0.1",
                        "server.port=" + pebble.tlsPort(),
                        "certmagic.http.port=-1",
                        "certmagic.challenges.http.enabled=false",
                        "certmagic.ca=" + pebble.directoryUrl(),
                        "certmagic.acme.trusted-roots=file:" + trust,
                        "certmagic.email=ops@customers.tomcat.example",
                        "certmagic.agreed=true",
                        "certmagic.storage.path=" + storage,
                        "certmagic.on-demand.enabled=true",
                        "certmagic.on-demand.allowed-domains=*.customers.tomcat.example",
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
}
