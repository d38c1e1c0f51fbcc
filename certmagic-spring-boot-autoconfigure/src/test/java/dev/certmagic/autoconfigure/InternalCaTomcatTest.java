package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.issuance.InternalIssuer;

/**
 * {@code certmagic.ca=internal} on Tomcat with no CA anywhere: the application serves {@code localhost}, an IP
 * address (to a client that sends no SNI) and an internal name on its first start, each verified by a client that
 * trusts only the root exported to {@code certmagic.internal.root-export}; a restart keeps the root and the
 * certificates and issues nothing.
 */
class InternalCaTomcatTest {

    private static final List<String> NAMES = List.of("localhost", "127.0.0.1", "app.internal");

    @TempDir
    Path storageDirectory;

    @TempDir
    Path scratch;

    @Test
    void theLocalCaServesLocalhostAnIpAndAnInternalNameAndARestartKeepsRootAndCertificates() throws Exception {
        Path export = scratch.resolve("exported/root.pem");
        List<BigInteger> first = new ArrayList<>();
        byte[] root;
        try (ConfigurableApplicationContext context = start(export)) {
            int port = port(context);
            root = Files.readAllBytes(export);
            TlsClient client = new TlsClient(PemCodec.readCertificates(root));
            for (String name : NAMES) {
                first.add(client.leafFor(port, name).getSerialNumber());
            }
            assertThat(context.getBean(PebbleTestApplication.Recorder.class).obtained).hasSize(3)
                    .allSatisfy(event -> assertThat(event.issuerKey()).isEqualTo(InternalIssuer.ISSUER_KEY));
            for (String host : List.of("localhost", "127.0.0.1")) {
                HttpResponse<String> response = get(port, host, root);
                assertThat(response.sslSession()).as("answered over TLS verified by the root").isPresent();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("Hello, HTTPS visitor!");
            }
        }

        try (ConfigurableApplicationContext restarted = start(export)) {
            int port = port(restarted);
            assertThat(Files.readAllBytes(export)).as("the same root").isEqualTo(root);
            TlsClient client = new TlsClient(PemCodec.readCertificates(root));
            List<BigInteger> again = new ArrayList<>();
            for (String name : NAMES) {
                again.add(client.leafFor(port, name).getSerialNumber());
            }
            assertThat(again).as("the same certificates, from storage").isEqualTo(first);
            assertThat(restarted.getBean(PebbleTestApplication.Recorder.class).obtained).isEmpty();
        }
    }

    private ConfigurableApplicationContext start(Path export) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PebbleTestApplication.class)
                .properties("spring.main.banner-mode=off",
                        "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet."
                                + "JettyServletWebServerAutoConfiguration",
                        "server.address=127.0.0.1", "server.port=0", "certmagic.http.port=-1",
                        "certmagic.domains=" + String.join(",", NAMES), "certmagic.ca=internal",
                        "certmagic.internal.root-export=" + export,
                        "certmagic.storage.path=" + storageDirectory)
                .run();
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** An HTTPS GET as {@code curl --cacert root.pem https://host:port/} does it (host name verification on). */
    private static HttpResponse<String> get(int port, String host, byte[] rootPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> roots = PemCodec.readCertificates(rootPem);
        trust.setCertificateEntry("root", roots.get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
