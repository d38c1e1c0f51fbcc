package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import dev.certmagic.testsupport.BindServer;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with only properties ({@code certmagic.domains: ['*.example.test']}, {@code certmagic.dns.*})
 * gets its wildcard certificate from Pebble through a real BIND updated by RFC 2136 with TSIG.
 */
class DnsWildcardBindPebbleTest {

    private static BindServer bind;
    private static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    @BeforeAll
    static void start() {
        bind = BindServer.start("boot-key", List.of(new BindServer.Zone("example.test", true, List.of())));
        pebble = Pebble.start(new PebbleSettings(5, 0, 0, true, Map.of(), 0).withDnsServer(bind.address()));
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void aWildcardIsObtainedThroughBindFromPropertiesAlone() throws Exception {
        try (ConfigurableApplicationContext context = start("certmagic.dns.rfc2136.tsig-secret=" + bind.secret())) {
            CertMagicApplicationPebbleTest.awaitReadiness(context);
            X509Certificate leaf = new TlsClient(pebble.issuingRoots()).leafFor(pebble.tlsPort(), "www.example.test");
            assertThat(CertMagicApplicationPebbleTest.dnsNames(leaf)).containsExactly("*.example.test");
        }
    }

    @Test
    void aTsigSecretThatIsNotBase64FailsStartupNamingThePropertyButNotTheSecret() {
        assertThatThrownBy(() -> start("certmagic.dns.rfc2136.tsig-secret=not*base64!secret"))
                .rootCause().hasMessageContaining("certmagic.dns.rfc2136")
                .hasMessageContaining("tsig-secret is not valid base64")
                .hasMessageNotContaining("not*base64!secret");
    }

    @Test
    void anRfc2136ProviderWithoutAServerFailsStartupNamingTheProperty() {
        assertThatThrownBy(() -> start("certmagic.dns.rfc2136.server=", "certmagic.dns.rfc2136.tsig-secret="
                + bind.secret())).rootCause().hasMessageContaining("certmagic.dns.rfc2136.server");
    }

    private ConfigurableApplicationContext start(String... extra) throws Exception {
        Path trustPem = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        List<String> properties = new java.util.ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude="
                        + "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
                "server.address=127.0.0.1",
                "server.port=" + pebble.tlsPort(),
                "certmagic.http.port=" + pebble.httpPort(),
                "certmagic.domains=*.example.test",
                "certmagic.ca=" + pebble.directoryUrl(),
                "certmagic.acme.trusted-roots=file:" + trustPem,
                "certmagic.email=ops@example.test",
                "certmagic.agreed=true",
                "certmagic.storage.path=" + storage,
                "certmagic.dns.provider=rfc2136",
                "certmagic.dns.rfc2136.server=127.0.0.1",
                "certmagic.dns.rfc2136.port=" + bind.port(),
                "certmagic.dns.rfc2136.tsig-key-name=" + bind.keyName(),
                "certmagic.dns.resolvers=" + bind.address()));
        properties.addAll(List.of(extra));
        return new SpringApplicationBuilder(PebbleTestApplication.class).properties(properties.toArray(String[]::new))
                .run();
    }
}
