package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.certmagic.certificate.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The {@code certmagic.*} names are public API (issue 5): they must bind as written and appear in the
 * generated metadata with descriptions.
 */
class CertMagicPropertiesTest {

    private static final List<String> CONTRACT = List.of("certmagic.enabled", "certmagic.domains", "certmagic.ca",
            "certmagic.email", "certmagic.agreed", "certmagic.acme.trusted-roots", "certmagic.acme.eab.key-id",
            "certmagic.acme.eab.hmac-key", "certmagic.acme.profile", "certmagic.key-type", "certmagic.must-staple",
            "certmagic.storage.path", "certmagic.renewal.check-interval", "certmagic.renewal.window-ratio",
            "certmagic.challenges.http.enabled", "certmagic.challenges.tls-alpn.enabled", "certmagic.http.port",
            "certmagic.http.redirect", "certmagic.http.redirect-port", "certmagic.default-server-name",
            "certmagic.unmanaged", "certmagic.ocsp.enabled", "certmagic.ocsp.check-interval",
            "certmagic.ocsp.stapling", "certmagic.ocsp.responder-overrides", "certmagic.ocsp.default-responder",
            "certmagic.issuers", "certmagic.issuer-policy");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PropertiesConfiguration.class);

    @Test
    void defaultsFollowTheConfigurationContract() {
        runner.run((context) -> {
            CertMagicProperties properties = context.getBean(CertMagicProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getCa()).isEqualTo("letsencrypt");
            assertThat(properties.isAgreed()).isFalse();
            assertThat(properties.getKeyType()).isEqualTo(KeyType.EC256);
            assertThat(properties.getRenewal().getCheckInterval()).isEqualTo(Duration.ofMinutes(10));
            assertThat(properties.getRenewal().getWindowRatio()).isEqualTo(1.0 / 3.0);
            assertThat(properties.getChallenges().getHttp().isEnabled()).isTrue();
            assertThat(properties.getChallenges().getTlsAlpn().isEnabled()).isTrue();
            assertThat(properties.getHttp().getPort()).isEqualTo(80);
            assertThat(properties.getHttp().isRedirect()).isTrue();
            assertThat(properties.getHttp().getRedirectPort()).isNull();
        });
    }

    @Test
    void everyContractNameBinds() {
        runner.withPropertyValues("certmagic.enabled=false", "certmagic.domains=example.com,*.example.org",
                "certmagic.ca=https://127.0.0.1:14000/dir", "certmagic.email=ops@example.com", "certmagic.agreed=true",
                "certmagic.acme.trusted-roots=classpath:pebble.pem,file:/etc/ca.pem",
                "certmagic.acme.eab.key-id=kid-1", "certmagic.acme.eab.hmac-key=aG1hYw",
                "certmagic.acme.profile=shortlived", "certmagic.key-type=rsa3072", "certmagic.must-staple=true",
                "certmagic.storage.path=/var/lib/certmagic", "certmagic.renewal.check-interval=30s",
                "certmagic.renewal.window-ratio=0.5", "certmagic.challenges.http.enabled=false",
                "certmagic.challenges.tls-alpn.enabled=false", "certmagic.http.port=-1",
                "certmagic.http.redirect=false", "certmagic.http.redirect-port=443",
                "certmagic.default-server-name=example.com", "certmagic.unmanaged[0].certificate=file:/c.pem",
                "certmagic.unmanaged[0].private-key=file:/k.pem")
            .run((context) -> {
                CertMagicProperties p = context.getBean(CertMagicProperties.class);
                assertThat(p.isEnabled()).isFalse();
                assertThat(p.getDomains()).containsExactly("example.com", "*.example.org");
                assertThat(p.getCa()).isEqualTo("https://127.0.0.1:14000/dir");
                assertThat(p.getEmail()).isEqualTo("ops@example.com");
                assertThat(p.isAgreed()).isTrue();
                assertThat(p.getAcme().getTrustedRoots()).containsExactly("classpath:pebble.pem", "file:/etc/ca.pem");
                assertThat(p.getAcme().getEab().getKeyId()).isEqualTo("kid-1");
                assertThat(p.getAcme().getEab().getHmacKey()).isEqualTo("aG1hYw");
                assertThat(p.getAcme().getProfile()).isEqualTo("shortlived");
                assertThat(p.getKeyType()).isEqualTo(KeyType.RSA3072);
                assertThat(p.isMustStaple()).isTrue();
                assertThat(p.getStorage().getPath()).isEqualTo(Path.of("/var/lib/certmagic"));
                assertThat(p.getRenewal().getCheckInterval()).isEqualTo(Duration.ofSeconds(30));
                assertThat(p.getRenewal().getWindowRatio()).isEqualTo(0.5);
                assertThat(p.getChallenges().getHttp().isEnabled()).isFalse();
                assertThat(p.getChallenges().getTlsAlpn().isEnabled()).isFalse();
                assertThat(p.getHttp().getPort()).isEqualTo(-1);
                assertThat(p.getHttp().isRedirect()).isFalse();
                assertThat(p.getHttp().getRedirectPort()).isEqualTo(443);
                assertThat(p.getDefaultServerName()).isEqualTo("example.com");
                assertThat(p.getUnmanaged()).singleElement().satisfies((u) -> {
                    assertThat(u.getCertificate()).isEqualTo("file:/c.pem");
                    assertThat(u.getPrivateKey()).isEqualTo("file:/k.pem");
                });
            });
    }

    @ParameterizedTest
    @CsvSource({ "ec256, EC256", "EC256, EC256", "rsa2048, RSA2048", "Ec384, EC384", "rsa-4096, RSA4096" })
    void keyTypeBindsStraightToTheCoreKeyTypeWithRelaxedNames(String configured, KeyType expected) {
        runner.withPropertyValues("certmagic.key-type=" + configured)
            .run((context) -> assertThat(context.getBean(CertMagicProperties.class).getKeyType())
                .isSameAs(expected));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anUnknownKeyTypeFailsStartupNamingThePropertyAndTheAllowedValues(CapturedOutput output) {
        SpringApplication application = new SpringApplication(PropertiesConfiguration.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatException().isThrownBy(() -> application.run("--certmagic.key-type=ec521",
                "--spring.main.banner-mode=off"));
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("certmagic.key-type")
            .contains("ec521")
            .contains("EC256", "EC384", "RSA2048", "RSA3072", "RSA4096");
    }

    @Test
    void ocspSettingsBindWithTheirDefaults() {
        runner.run((context) -> {
            OcspProperties ocsp = context.getBean(CertMagicProperties.class).getOcsp();
            assertThat(ocsp.isEnabled()).isTrue();
            assertThat(ocsp.getCheckInterval()).isEqualTo(Duration.ofHours(1));
            assertThat(ocsp.isStapling()).isFalse();
        });
        // A map source, because withPropertyValues splits "key=value" at the first ':' of the URL key.
        runner.withInitializer((context) -> context.getEnvironment().getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource("ocsp", Map.of(
                        "certmagic.ocsp.enabled", "false", "certmagic.ocsp.check-interval", "15m",
                        "certmagic.ocsp.stapling", "true",
                        "certmagic.ocsp.responder-overrides[http://ocsp.ca.example]", "http://127.0.0.1:8888/ocsp",
                        "certmagic.ocsp.default-responder", "http://ocsp.internal.example/"))))
            .run((context) -> {
                OcspProperties ocsp = context.getBean(CertMagicProperties.class).getOcsp();
                assertThat(ocsp.isEnabled()).isFalse();
                assertThat(ocsp.getCheckInterval()).isEqualTo(Duration.ofMinutes(15));
                assertThat(ocsp.isStapling()).isTrue();
                assertThat(ocsp.getResponderOverrides()).containsEntry("http://ocsp.ca.example",
                        java.net.URI.create("http://127.0.0.1:8888/ocsp"));
                assertThat(ocsp.getDefaultResponder()).hasToString("http://ocsp.internal.example/");
            });
    }

    @Test
    void generatedMetadataDescribesEveryContractName() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration processor output").isNotNull();
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[?(@.name =~ /certmagic\\..*/)]");
        for (String name : CONTRACT) {
            assertThat(properties).as(name)
                .anySatisfy((property) -> {
                    assertThat(property.get("name")).isEqualTo(name);
                    assertThat((String) property.get("description")).isNotBlank().doesNotStartWith("The ");
                });
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CertMagicProperties.class)
    static class PropertiesConfiguration {

    }
}
