package dev.certmagic.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The operations surface of a real application (Tomcat on loopback, auto-configuration, {@code certmagic.*}
 * properties) against a real Pebble, seen as an operator sees it: over HTTP on the management port.
 */
@WithPebble(authzReuse = 0)
class CertificatesEndpointPebbleTest {

    private static final Duration ISSUANCE_DEADLINE = Duration.ofSeconds(90);

    static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    private Path trustPem;

    @BeforeEach
    void writePebbleTrust() throws Exception {
        trustPem = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
    }

    @Test
    void healthGoesFromDownToUpTheEndpointReportsEachCertificateAndWritesRenewAndReplace() throws Exception {
        String one = "one.ops.example";
        String two = "two.ops.example";
        try (ConfigurableApplicationContext context = start(one + "," + two,
                "management.endpoint.certificates.access=unrestricted")) {
            OperationsHttp http = http(context);

            OperationsHttp.Response down = http.send("GET", "/actuator/health/certificates");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body().get("status").asString()).isEqualTo("DOWN");
            JsonNode missing = down.body().get("details").get("missing");
            assertThat(missing.size()).isEqualTo(2);
            assertThat(missing.get(0).get("name").asString()).isEqualTo(one);
            assertThat(missing.get(0).get("reason").asString()).isEqualTo("not obtained yet");
            assertThat(missing.get(0).get("obtaining").asBoolean()).as("held at the gate, order started").isTrue();

            context.getBean(OperationsTestApplication.IssuanceGate.class).open();
            await().atMost(ISSUANCE_DEADLINE).pollInterval(Duration.ofMillis(250))
                    .until(() -> http.send("GET", "/actuator/health/certificates").status() == 200);
            assertThat(http.send("GET", "/actuator/health/certificates").body().get("status").asString())
                    .isEqualTo("UP");

            JsonNode list = http.send("GET", "/actuator/certificates").body().get("certificates");
            assertThat(list.size()).isEqualTo(2);
            JsonNode first = list.get(0);
            assertThat(first.get("names").get(0).asString()).isEqualTo(one);
            assertThat(first.get("managed").asBoolean()).isTrue();
            assertThat(first.get("issuer").asString()).containsIgnoringCase("Pebble");
            BigInteger served = OperationsHttp.servedSerial(pebble.tlsPort(), one, pebble.issuingRoots());
            assertThat(first.get("serialNumber").asString()).isEqualTo(served.toString(16));
            assertThat(first.get("keyType").asString()).isIn("EC", "RSA");
            Instant notBefore = Instant.parse(first.get("notBefore").asString());
            Instant notAfter = Instant.parse(first.get("notAfter").asString());
            Instant renewal = Instant.parse(first.get("renewalWindowStart").asString());
            assertThat(renewal).isAfter(notBefore).isBefore(notAfter);
            assertThat(Instant.parse(first.get("nextRenewalAttempt").asString())).isEqualTo(renewal);
            assertThat(first.get("status").asString()).isEqualTo("VALID");
            assertThat(first.path("lastError").isNull() || first.path("lastError").isMissingNode()).isTrue();
            assertThat(first.get("storageKey").asString()).startsWith("certificates/").endsWith("/" + one);
            assertThat(first.get("storageKey").asString()).as("the issuer that issued it")
                    .isEqualTo("certificates/" + first.get("issuerKey").asString() + "/" + one);
            assertThat(first.get("issuerFailures").isArray()).isTrue();
            assertThat(first.get("issuerFailures").size()).as("the only issuer issued").isZero();

            OperationsHttp.Response byName = http.send("GET", "/actuator/certificates/" + two);
            assertThat(byName.status()).isEqualTo(200);
            assertThat(byName.body().get("names").get(0).asString()).isEqualTo(two);
            assertThat(http.send("GET", "/actuator/certificates/other.example").status()).isEqualTo(404);

            OperationsHttp.Response renewed = http.send("POST", "/actuator/certificates/" + one);
            assertThat(renewed.status()).isEqualTo(200);
            String newSerial = renewed.body().get("serialNumber").asString();
            assertThat(newSerial).isNotEqualTo(served.toString(16));
            assertThat(OperationsHttp.servedSerial(pebble.tlsPort(), one, pebble.issuingRoots()).toString(16))
                    .as("the renewed certificate is served").isEqualTo(newSerial);
            assertThat(http.send("POST", "/actuator/certificates/unmanaged.example").status())
                    .as("no orders for names the application does not manage").isEqualTo(400);

            assertThat(http.send("POST", "/actuator/certificates/" + one).status())
                    .as("a second renewal within certmagic.endpoint.write-cooldown").isEqualTo(429);

            String oldTwo = byName.body().get("serialNumber").asString();
            assertThat(http.send("DELETE", "/actuator/certificates/" + two).status()).as("no serial").isEqualTo(400);
            assertThat(http.send("DELETE", "/actuator/certificates/" + two + "?serial=" + newSerial).status())
                    .as("another certificate's serial").isEqualTo(409);
            assertThat(pebbleStatus(oldTwo)).as("nothing revoked").doesNotContainIgnoringCase("revoked");
            OperationsHttp.Response replaced = http.send("DELETE", "/actuator/certificates/" + two + "?serial="
                    + oldTwo);
            assertThat(replaced.status()).isEqualTo(200);
            assertThat(replaced.body().get("serialNumber").asString()).isNotEqualTo(oldTwo);
            assertThat(pebbleStatus(oldTwo)).as("revoked at the CA").containsIgnoringCase("revoked");

            JsonNode obtain = http.send("GET", "/actuator/metrics/certmagic.obtain?tag=outcome:success").body();
            assertThat(countOf(obtain)).as("two obtained, one renewed, one replacement").isEqualTo(4.0);
            assertThat(tagValues(obtain, "renewal")).containsExactlyInAnyOrder("false", "true");
            assertThat(tagValues(obtain, "issuer")).singleElement().asString().isNotBlank();
            JsonNode renewals = http.send("GET",
                    "/actuator/metrics/certmagic.obtain?tag=outcome:success&tag=renewal:true").body();
            assertThat(countOf(renewals)).isEqualTo(1.0);
            JsonNode hits = http.send("GET", "/actuator/metrics/certmagic.handshakes?tag=result:hit").body();
            assertThat(countOf(hits)).as("our own handshakes above").isGreaterThanOrEqualTo(2.0);
            JsonNode valid = http.send("GET",
                    "/actuator/metrics/certmagic.certificates?tag=managed:true&tag=status:valid").body();
            assertThat(valueOf(valid)).isEqualTo(2.0);
            // The set of expiry series follows certificate events at most once a second (coalesced).
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(valueOf(http.send("GET",
                            "/actuator/metrics/certmagic.certificate.expiry?tag=name:" + one).body())).isPositive());

            JsonNode info = http.send("GET", "/actuator/info").body().get("certmagic");
            assertThat(info.get("certificates").asInt()).isEqualTo(2);
            assertThat(info.get("managed").asInt()).isEqualTo(2);

            assertThat(context.getBean(OperationsTestApplication.SpringEvents.class).received)
                    .as("core events arrive as Spring application events")
                    .extracting(event -> event.getClass().getSimpleName())
                    .contains("CertificateObtainingEvent", "CertificateObtainedEvent", "CertificateRenewedEvent",
                            "CertificateRevokedEvent", "CertificateCachedEvent");
        }
    }

    @Test
    void writesAreRefusedWhileTheEndpointIsReadOnly() throws Exception {
        String name = "readonly.ops.example";
        try (ConfigurableApplicationContext context = start(name)) {
            context.getBean(OperationsTestApplication.IssuanceGate.class).open();
            OperationsHttp http = http(context);
            await().atMost(ISSUANCE_DEADLINE).pollInterval(Duration.ofMillis(250))
                    .until(() -> http.send("GET", "/actuator/health/certificates").status() == 200);
            String serial = http.send("GET", "/actuator/certificates/" + name).body().get("serialNumber").asString();

            assertThat(http.send("POST", "/actuator/certificates/" + name).status()).isEqualTo(405);
            assertThat(http.send("DELETE", "/actuator/certificates/" + name + "?serial=" + serial).status())
                    .isEqualTo(405);

            assertThat(http.send("GET", "/actuator/certificates/" + name).body().get("serialNumber").asString())
                    .as("nothing was renewed").isEqualTo(serial);
        }
    }

    private ConfigurableApplicationContext start(String domains, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                // Tomcat only: Jetty is on the test classpath too, for the Jetty tests.
                "spring.autoconfigure.exclude="
                        + "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration,"
                        + "org.springframework.boot.jetty.autoconfigure.actuate.web.server."
                        + "JettyServletManagementContextAutoConfiguration",
                "server.address=127.0.0.1",
                "server.port=" + pebble.tlsPort(),
                "management.server.port=0",
                "management.server.address=127.0.0.1",
                "management.endpoints.web.exposure.include=certificates,health,info,metrics",
                "management.endpoint.health.show-details=always",
                "management.info.certmagic.enabled=true",
                "certmagic.http.port=" + pebble.httpPort(),
                "certmagic.domains=" + domains,
                "certmagic.ca=" + pebble.directoryUrl(),
                "certmagic.acme.trusted-roots=file:" + trustPem,
                "certmagic.email=ops@ops.example",
                "certmagic.agreed=true",
                "certmagic.storage.path=" + storage));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(OperationsTestApplication.class)
                .properties(properties.toArray(String[]::new)).run();
    }

    private static OperationsHttp http(ConfigurableApplicationContext context) {
        return new OperationsHttp(context.getEnvironment().getRequiredProperty("local.management.port", int.class));
    }

    private static String pebbleStatus(String serialHex) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(pebble.sslContext()).build();
        URI uri = pebble.managementUri().resolve("/cert-status-by-serial/" + serialHex);
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double countOf(JsonNode metric) {
        return statistic(metric, "COUNT");
    }

    private static double valueOf(JsonNode metric) {
        return statistic(metric, "VALUE");
    }

    private static double statistic(JsonNode metric, String name) {
        for (JsonNode measurement : metric.get("measurements")) {
            if (name.equals(measurement.get("statistic").asString())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("No " + name + " in " + metric);
    }

    private static List<String> tagValues(JsonNode metric, String tag) {
        List<String> values = new ArrayList<>();
        for (JsonNode available : metric.get("availableTags")) {
            if (tag.equals(available.get("tag").asString())) {
                available.get("values").forEach(value -> values.add(value.asString()));
            }
        }
        return values;
    }
}
