package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.web.RawHttp;
import dev.certmagic.testsupport.Pebble;

/**
 * An application with Spring Security's strictest common filter chain — every request authenticated, plain HTTP
 * redirected to HTTPS, and plain HTTP handed to the application ({@code certmagic.http.serve-application=true}) so
 * that the chain sees every request on both ports — obtains its certificate by HTTP-01 alone from a real Pebble and
 * renews it, with no rule for {@code /.well-known/acme-challenge/**}: certmagic's challenge filter answers before the
 * chain. Subclasses pick Tomcat or Jetty; they run in the security-tests execution, the only one with Spring
 * Security on the class path.
 */
abstract class StrictSecurityPebble {

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    abstract Pebble pebble();

    /** The other server's auto-configuration, excluded so that the one under test runs. */
    abstract String excludedServerAutoConfiguration();

    @BeforeAll
    static void springSecurityPresent() {
        assumeTrue(ClassUtils.isPresent("org.springframework.security.core.Authentication", null),
                "run by the security-tests execution, with Spring Security on the class path");
    }

    @Test
    void obtainsAndRenewsByHttp01BehindAChainThatAuthenticatesEverything() throws Exception {
        String name = "strict." + (getClass().getSimpleName().startsWith("Jetty") ? "jetty" : "tomcat") + ".boot.example";
        Path trustPem = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble().trustPem());
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StrictApp.class).properties(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=" + excludedServerAutoConfiguration(),
                "server.address=127.0.0.1",
                "server.port=" + pebble().tlsPort(),
                "certmagic.http.port=" + pebble().httpPort(),
                "certmagic.http.redirect=false",
                "certmagic.http.serve-application=true",
                "certmagic.challenges.tls-alpn.enabled=false",
                "certmagic.domains=" + name,
                "certmagic.ca=" + pebble().directoryUrl(),
                "certmagic.acme.trusted-roots=file:" + trustPem,
                "certmagic.email=ops@boot.example",
                "certmagic.agreed=true",
                "certmagic.storage.path=" + storage).run()) {
            CertMagicApplicationPebbleTest.awaitReadiness(context);
            TlsClient tls = new TlsClient(pebble().issuingRoots());
            BigInteger first = tls.leafFor(pebble().tlsPort(), name).getSerialNumber();

            assertThat(RawHttp.send(pebble().httpPort(), "GET", "/", name).status())
                    .as("plain HTTP meets the chain's redirect to HTTPS").isBetween(300, 399);
            assertThat(tls.httpStatus(pebble().tlsPort(), name, "/")).as("HTTPS meets the chain's authentication").isEqualTo(401);
            assertThat(RawHttp.send(pebble().httpPort(), "GET", "/.well-known/acme-challenge/unknown", name)
                    .status()).as("a token certmagic does not know is the chain's business").isBetween(300, 401);

            context.getBean(CertificateManager.class).renew(name);
            BigInteger renewed = tls.leafFor(pebble().tlsPort(), name).getSerialNumber();

            assertThat(renewed).as("renewed (validated by HTTP-01 again: no authorization reuse) and served")
                    .isNotEqualTo(first);
        }
    }

    /** Every request authenticated, plain HTTP sent to HTTPS, HTTP Basic: no exception for ACME anywhere. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class StrictApp {

        @Bean
        SecurityFilterChain strict(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .redirectToHttps(Customizer.withDefaults())
                    .httpBasic(Customizer.withDefaults()).build();
        }

        /** Registered as a member class of this configuration. */
        @RestController
        static class Hello {

            @GetMapping("/")
            String hello() {
                return "Hello, authenticated HTTPS visitor!";
            }
        }
    }
}
