package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLEngine;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.web.tomcat.TomcatCertMagicCustomizer;
import dev.certmagic.autoconfigure.web.tomcat.TomcatTlsEngine;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;
import dev.certmagic.tls.HandshakeResult;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application on Tomcat 11 with BoringSSL through Conscrypt ({@code certmagic.tls.provider=boringssl}) against
 * Pebble: the same scenarios as with the JDK's TLS (two names by TLS-ALPN-01 alone and served by SNI, HTTP-01
 * alone, h2), with the engines Tomcat creates checked to be Conscrypt's, and Pebble's TLS-ALPN-01 validations
 * answered by certmagic's key manager on them although BoringSSL asks for the certificate before ALPN.
 */
@WithPebble(authzReuse = 0)
class TomcatConscryptApplicationPebbleTest extends CertMagicApplicationPebbleTest {

    static Pebble pebble;

    @Override
    String excludedServerAutoConfiguration() {
        return "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";
    }

    @Override
    Pebble pebble() {
        return pebble;
    }

    @Override
    List<String> serverProperties() {
        return List.of("certmagic.tls.provider=boringssl");
    }

    @Override
    void assertServer(ConfigurableApplicationContext context) {
        assertThat(context.getBean(TomcatCertMagicCustomizer.class).engine()).isEqualTo(TomcatTlsEngine.CONSCRYPT);
        SSLEngine engine = httpsContext(context).createSSLEngine();
        assertThat(Conscrypt.isConscrypt(engine)).as("the engines of the HTTPS connector are Conscrypt's: %s",
                engine.getClass().getName()).isTrue();
        assertThat(context.getBean(CertificateManager.class).view().handshakeCounters()
            .count(HandshakeResult.CHALLENGE)).as("Pebble's TLS-ALPN-01 validations, answered on Conscrypt")
            .isPositive();
    }

    @Test
    void aClientOfferingAcmeTls1WithoutAPendingChallengeGetsNoCertificate() throws Exception {
        String name = "nochallenge." + server() + ".boot.example";
        try (ConfigurableApplicationContext context = start(name, "certmagic.challenges.http.enabled=false")) {
            awaitReadiness(context);
            TlsClient client = new TlsClient(pebble().issuingRoots());
            assertThat(dnsNames(client.leafFor(pebble().tlsPort(), name))).containsExactly(name);
            // A validator must never see a real certificate: with acme-tls/1 offered the key manager answers the
            // challenge certificate or nothing, so this handshake fails although the name is served.
            assertThatThrownBy(() -> client.negotiatedProtocol(pebble().tlsPort(), name, List.of("acme-tls/1")))
                .isInstanceOf(IOException.class);
            assertThat(client.negotiatedProtocol(pebble().tlsPort(), name, List.of("http/1.1")))
                .isEqualTo("http/1.1");
        }
    }

    /**
     * TLS 1.2 resumption across names, probed with the real {@code openssl s_client} (a JDK client resumes only
     * under the session's own name). JSSE refuses it thanks to certmagic's SNI matcher; BoringSSL's resumability
     * check compares no server name, and Conscrypt 2.5 exposes no per-connection session context: this fails today
     * (the session for resume-a resumed under SNI resume-b, with resume-a's certificate). Kept, disabled, as the
     * check for the fix.
     */
    @Test
    @Disabled("Known gap on Conscrypt: a TLS 1.2 session resumes under another SNI name (see README, Tomcat with "
            + "BoringSSL); enable once fixed")
    void tls12SessionForOneNameDoesNotResumeUnderAnother() throws Exception {
        assumeTrue(opensslAvailable(), "the openssl binary is not on the PATH: test skipped");
        String one = "resume-a." + server() + ".boot.example";
        String two = "resume-b." + server() + ".boot.example";
        Path session = scratch.resolve("session.pem");
        try (ConfigurableApplicationContext context = start(one + "," + two,
                "certmagic.challenges.http.enabled=false")) {
            awaitReadiness(context);
            assertThat(sClient(one, "-sess_out", session.toString())).contains("New,");
            assertThat(sClient(one, "-sess_in", session.toString())).as("same name resumes").contains("Reused,");
            String other = sClient(two, "-sess_in", session.toString());
            assertThat(other).as("another name gets a full handshake").contains("New,").doesNotContain("Reused,");
        }
    }

    private String sClient(String serverName, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-tls1_2", "-connect",
                "127.0.0.1:" + pebble().tlsPort(), "-servername", serverName));
        command.addAll(List.of(extra));
        Path output = Files.createTempFile(scratch, "s_client", ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl s_client did not end within 30 s: " + command);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static boolean opensslAvailable() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static org.apache.tomcat.util.net.SSLContext httpsContext(ConfigurableApplicationContext context) {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) context).getWebServer();
        for (Connector connector : server.getTomcat().getService().findConnectors()) {
            if (connector.getSecure() && connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                SSLHostConfig hostConfig = http.findSslHostConfigs()[0];
                return hostConfig.getCertificates().iterator().next().getSslContext();
            }
        }
        throw new AssertionError("no HTTPS connector");
    }
}
