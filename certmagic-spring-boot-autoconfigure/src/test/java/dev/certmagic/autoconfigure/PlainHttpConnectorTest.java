package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.certmagic.autoconfigure.web.RawHttp;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The plain-HTTP connector of a real application on real Tomcat and Jetty: with the redirect off it answers ACME
 * challenges and nothing else (404), so the application and its actuator are never served unencrypted on every
 * interface, unless {@code certmagic.http.serve-application=true} says so. The CA is unreachable: these tests need
 * the connectors, not certificates.
 */
class PlainHttpConnectorTest {

    private static final String TOMCAT = "org.springframework.boot.tomcat.autoconfigure.servlet."
            + "TomcatServletWebServerAutoConfiguration";

    private static final String JETTY = "org.springframework.boot.jetty.autoconfigure.servlet."
            + "JettyServletWebServerAutoConfiguration";

    @TempDir
    Path storage;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tomcat", "jetty" })
    void withTheRedirectOffThePlainConnectorServesNeitherTheApplicationNorTheActuator(String server)
            throws Exception {
        int httpPort = ClusterInstances.freePort();
        try (ConfigurableApplicationContext context = start(server, httpPort, "certmagic.http.redirect=false")) {
            RawHttp.Response app = RawHttp.send(httpPort, "GET", "/", "app.example.com");
            assertThat(app.status()).isEqualTo(404);
            assertThat(app.body()).doesNotContain("Hello");
            assertThat(RawHttp.send(httpPort, "GET", "/actuator/health", "app.example.com").status())
                    .isEqualTo(404);
            assertThat(RawHttp.send(httpPort, "POST", "/", "app.example.com").status()).isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tomcat", "jetty" })
    void serveApplicationTrueServesTheApplicationOverPlainHttpOnPurpose(String server) throws Exception {
        int httpPort = ClusterInstances.freePort();
        try (ConfigurableApplicationContext context = start(server, httpPort, "certmagic.http.redirect=false",
                "certmagic.http.serve-application=true")) {
            RawHttp.Response app = RawHttp.send(httpPort, "GET", "/", "app.example.com");
            assertThat(app.status()).isEqualTo(200);
            assertThat(app.body()).contains("Hello");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tomcat", "jetty" })
    void withTheRedirectOnThePlainConnectorRedirectsAsBefore(String server) throws Exception {
        int httpPort = ClusterInstances.freePort();
        try (ConfigurableApplicationContext context = start(server, httpPort)) {
            RawHttp.Response app = RawHttp.send(httpPort, "GET", "/actuator/health", "app.example.com");
            assertThat(app.status()).isEqualTo(301);
            assertThat(app.header("Location")).startsWith("https://app.example.com");
        }
    }

    private ConfigurableApplicationContext start(String server, int httpPort, String... extra) {
        return new SpringApplicationBuilder(PebbleTestApplication.class).properties(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=" + ("tomcat".equals(server) ? JETTY : TOMCAT),
                "server.address=127.0.0.1",
                "server.port=0",
                "management.endpoints.web.exposure.include=health",
                "certmagic.http.port=" + httpPort,
                "certmagic.domains=app.example.com",
                "certmagic.ca=https://127.0.0.1:1/dir",
                "certmagic.agreed=true",
                "certmagic.storage.path=" + storage)
                .properties(extra).run();
    }
}
