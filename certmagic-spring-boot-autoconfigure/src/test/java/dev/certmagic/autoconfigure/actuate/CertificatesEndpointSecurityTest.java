package dev.certmagic.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;

/**
 * The endpoint's write operations with Spring Security on the class path, on a real Tomcat: an application that
 * opened the writes and lets anyone reach its actuator still gets 401 for anonymous writes and 403 for users
 * without {@code CERTMAGIC_ADMIN}; an administrator renews (200), once per cooldown (429), and revokes only the
 * certificate whose serial the request names (409 otherwise, nothing revoked). Reads stay as the application's
 * security makes them (here: open). Runs in its own surefire execution, the only one with Spring Security.
 */
class CertificatesEndpointSecurityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String RENEWED = "renew.secure.example";

    private static final String REVOKED = "revoke.secure.example";

    @TempDir
    Path storage;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void springSecurityPresent() {
        assumeTrue(ClassUtils.isPresent("org.springframework.security.core.Authentication", null),
                "run by the security-tests execution, with Spring Security on the class path");
    }

    @Test
    void writesNeedTheAdminRoleACooldownAndTheSerialWhileReadsAreUntouched() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecuredApp.class).properties(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet."
                        + "JettyServletWebServerAutoConfiguration,org.springframework.boot.jetty.autoconfigure."
                        + "actuate.web.server.JettyServletManagementContextAutoConfiguration",
                "server.address=127.0.0.1", "server.port=0", "certmagic.http.port=-1",
                "management.server.port=0", "management.server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=certificates,health",
                "management.endpoint.certificates.access=unrestricted",
                "certmagic.domains=" + RENEWED + "," + REVOKED,
                "certmagic.storage.path=" + storage).run()) {
            int port = context.getEnvironment().getRequiredProperty("local.management.port", int.class);
            assertThat(context.getBean(CertificatesWriteAccess.class)).isInstanceOf(RoleWriteAccess.class);
            LocalRevokingIssuer issuer = context.getBean(LocalRevokingIssuer.class);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> send(port, "GET", "/actuator/certificates/" + REVOKED, null).statusCode() == 200
                            && send(port, "GET", "/actuator/certificates/" + RENEWED, null).statusCode() == 200);
            int issuedBefore = issuer.issued.get();

            String renewed = "/actuator/certificates/" + RENEWED;
            assertThat(send(port, "GET", renewed, null).statusCode()).as("reads untouched").isEqualTo(200);
            assertThat(send(port, "POST", renewed, null).statusCode()).as("anonymous").isEqualTo(401);
            assertThat(send(port, "POST", renewed, "viewer").statusCode()).as("without the role").isEqualTo(403);
            assertThat(issuer.issued.get()).as("nothing ordered for refused writes").isEqualTo(issuedBefore);
            String oldSerial = serial(send(port, "GET", renewed, null));
            HttpResponse<String> renewal = send(port, "POST", renewed, "admin");
            assertThat(renewal.statusCode()).isEqualTo(200);
            assertThat(serial(renewal)).isNotEqualTo(oldSerial);
            assertThat(send(port, "POST", renewed, "admin").statusCode()).as("within the cooldown").isEqualTo(429);
            assertThat(issuer.issued.get()).as("exactly one renewal ordered").isEqualTo(issuedBefore + 1);

            String revoked = "/actuator/certificates/" + REVOKED;
            String serial = serial(send(port, "GET", revoked, null));
            assertThat(send(port, "DELETE", revoked + "?serial=" + serial, null).statusCode()).isEqualTo(401);
            assertThat(send(port, "DELETE", revoked + "?serial=" + serial, "viewer").statusCode()).isEqualTo(403);
            assertThat(send(port, "DELETE", revoked, "admin").statusCode()).as("no serial").isEqualTo(400);
            assertThat(send(port, "DELETE", revoked + "?serial=" + oldSerial, "admin").statusCode())
                    .as("another certificate's serial").isEqualTo(409);
            assertThat(issuer.revoked).as("nothing revoked by refused requests").isEmpty();
            HttpResponse<String> replaced = send(port, "DELETE", revoked + "?serial=" + serial.toUpperCase(),
                    "admin");
            assertThat(replaced.statusCode()).isEqualTo(200);
            assertThat(issuer.revoked).containsExactly(new BigInteger(serial, 16));
            assertThat(serial(replaced)).isNotEqualTo(serial);
        }
    }

    private HttpResponse<String> send(int port, String method, String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String serial(HttpResponse<String> response) {
        JsonNode body = JSON.readTree(response.body());
        return body.get("serialNumber").asString();
    }

    /**
     * An application whose security lets anyone reach the actuator (a common shortcut) and knows two users:
     * {@code admin} with {@code CERTMAGIC_ADMIN} and {@code viewer} without it.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class SecuredApp {

        @Bean
        LocalRevokingIssuer localRevokingIssuer() {
            return new LocalRevokingIssuer();
        }

        @Bean
        SecurityFilterChain actuatorOpenToAll(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults()).csrf(csrf -> csrf.disable()).build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("admin").password("{noop}secret").roles("CERTMAGIC_ADMIN").build(),
                    User.withUsername("viewer").password("{noop}secret").roles("VIEWER").build());
        }
    }
}
