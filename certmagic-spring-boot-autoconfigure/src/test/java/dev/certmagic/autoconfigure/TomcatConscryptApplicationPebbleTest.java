package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.conscrypt.Conscrypt;
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
                .isInstanceOf(SSLException.class);
            assertThat(client.negotiatedProtocol(pebble().tlsPort(), name, List.of("http/1.1")))
                .isEqualTo("http/1.1");
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
