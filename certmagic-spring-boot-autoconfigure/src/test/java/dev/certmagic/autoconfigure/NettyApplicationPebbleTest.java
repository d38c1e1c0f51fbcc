package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.web.netty.CertificateSelector;
import dev.certmagic.tls.HandshakeResult;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;
import io.netty.handler.ssl.SslProvider;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The WebFlux application on Reactor Netty with the JDK's TLS ({@code certmagic.tls.provider=jdk}) against Pebble:
 * the same scenarios as on Tomcat and Jetty.
 */
@WithPebble(authzReuse = 0)
class NettyApplicationPebbleTest extends CertMagicApplicationPebbleTest {

    /** Reactive Tomcat and Jetty are on the test class path too; Reactor Netty must be the one that starts. */
    static final String OTHER_REACTIVE_SERVERS = "org.springframework.boot.tomcat.autoconfigure.reactive."
            + "TomcatReactiveWebServerAutoConfiguration,org.springframework.boot.jetty.autoconfigure.reactive."
            + "JettyReactiveWebServerAutoConfiguration";

    static Pebble pebble;

    @Override
    String excludedServerAutoConfiguration() {
        return OTHER_REACTIVE_SERVERS;
    }

    @Override
    Pebble pebble() {
        return pebble;
    }

    @Override
    WebApplicationType webApplicationType() {
        return WebApplicationType.REACTIVE;
    }

    @Override
    List<String> serverProperties() {
        return List.of("certmagic.tls.provider=" + tlsProvider());
    }

    /** The value of {@code certmagic.tls.provider} under test. */
    String tlsProvider() {
        return "jdk";
    }

    /** The Netty TLS implementation that {@link #tlsProvider()} must select. */
    SslProvider expectedEngine() {
        return SslProvider.JDK;
    }

    @Override
    void assertServer(ConfigurableApplicationContext context) {
        assertThat(context.getBean(CertificateSelector.class).provider()).isEqualTo(expectedEngine());
        assertThat(context.getBean(CertificateManager.class).view().handshakeCounters()
            .count(HandshakeResult.CHALLENGE)).as("Pebble's TLS-ALPN-01 validations, counted").isPositive();
    }
}
