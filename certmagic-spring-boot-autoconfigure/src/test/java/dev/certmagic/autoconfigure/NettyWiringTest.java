package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.web.RawHttp;
import dev.certmagic.autoconfigure.web.netty.NettyPlainHttpServer;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.TestCertificates;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Reactor Netty wiring on a real WebFlux application, without a CA: a certificate of the application's own
 * (unmanaged, cached at run time) is served by SNI over the JDK's TLS and BoringSSL, TLS 1.1 is refused, the
 * application and the actuator answer over HTTPS, and the plain-HTTP server applies the servlet side's rules
 * (301/308 with the host kept, 400 for hostile {@code Host} headers, 404 with the redirect off). The managed name's
 * issuer never issues (it counts), so nothing leaves the machine.
 */
class NettyWiringTest {

    private static final String SITE = "site.netty.example";

    @TempDir
    Path storage;

    @ParameterizedTest(name = "certmagic.tls.provider={0}")
    @ValueSource(strings = { "jdk", "boringssl" })
    void servesTheApplicationsCertificateBySniRefusesTls11AndAnswersTheApplicationAndTheActuator(String provider)
            throws Exception {
        TestCertificates.Held root = TestCertificates.root("Netty Wiring Test Root").build();
        TestCertificates.Held leaf = TestCertificates.leaf(SITE).signedBy(root).build();
        TlsClient client = new TlsClient(List.of(root.certificate()));
        try (ConfigurableApplicationContext context = start("certmagic.tls.provider=" + provider,
                "server.http2.enabled=true", "management.endpoints.web.exposure.include=certificates")) {
            context.getBean(CertificateManager.class)
                .cacheUnmanaged(ManagedCertificate.of(leaf.chain(), leaf.privateKey(), false, null));
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            assertThat(client.leafFor(port, SITE)).isEqualTo(leaf.certificate());
            assertThat(client.negotiatedProtocol(port, SITE, List.of("h2", "http/1.1"))).isEqualTo("h2");
            assertThat(client.negotiatedProtocol(port, SITE, List.of("http/1.1"))).isEqualTo("http/1.1");
            assertThatExceptionOfType(SSLException.class)
                .isThrownBy(() -> client.handshakeWithProtocols(port, SITE, "TLSv1.1"));
            assertThatExceptionOfType(IOException.class).as("acme-tls/1 without a pending challenge: no certificate")
                .isThrownBy(() -> client.negotiatedProtocol(port, SITE, List.of("acme-tls/1")));

            assertThat(client.get(port, SITE, "/")).startsWith("HTTP/1.1 200").contains("Hello, HTTPS visitor!");
            assertThat(client.get(port, SITE, "/actuator/certificates")).startsWith("HTTP/1.1 200")
                .contains("application/vnd.spring-boot.actuator").contains("\"" + SITE + "\"");
        }
    }

    @ParameterizedTest(name = "certmagic.http.redirect={0}")
    @ValueSource(booleans = { true, false })
    void thePlainHttpServerRedirectsOrAnswers404AndRejectsHostileHosts(boolean redirect) throws Exception {
        try (ConfigurableApplicationContext context = start("certmagic.http.redirect=" + redirect,
                "certmagic.http.redirect-port=8443")) {
            int http = context.getBean(NettyPlainHttpServer.class).port();
            assertThat(http).isPositive();
            RawHttp.Response get = RawHttp.send(http, "GET", "/a/b?q=1", SITE + ":80");
            RawHttp.Response post = RawHttp.send(http, "POST", "/form", SITE);
            RawHttp.Response hostile = RawHttp.send(http, "GET", "/", "evil.example@" + SITE);
            RawHttp.Response challenge = RawHttp.send(http, "GET", "/.well-known/acme-challenge/unknownToken", SITE);
            if (redirect) {
                assertThat(get.status()).isEqualTo(301);
                assertThat(get.header("Location")).isEqualTo("https://" + SITE + ":8443/a/b?q=1");
                assertThat(post.status()).as("the method is kept").isEqualTo(308);
                assertThat(hostile.status()).isEqualTo(400);
                assertThat(hostile.header("Location")).isNull();
                assertThat(challenge.status()).as("no such challenge: redirected like any request").isEqualTo(301);
            } else {
                assertThat(List.of(get.status(), post.status(), hostile.status(), challenge.status()))
                    .containsOnly(404);
            }
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> properties = new java.util.ArrayList<>(List.of("spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=" + NettyApplicationPebbleTest.OTHER_REACTIVE_SERVERS,
                "server.address=127.0.0.1", "server.port=0", "certmagic.http.port=0",
                "certmagic.domains=managed.netty.example", "certmagic.storage.path=" + storage));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(PebbleTestApplication.class, UnwiredServerStartupTest.App.class)
            .web(WebApplicationType.REACTIVE).properties(properties.toArray(String[]::new)).run();
    }
}
