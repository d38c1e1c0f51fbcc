package dev.certmagic.autoconfigure.ssl;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Makes {@code server.ssl.bundle=certmagic} mean what its name says: certmagic serves {@code server.port}. Spring
 * Boot would otherwise configure the connector from the bundle's key store, which serves one certificate to every
 * client whatever name it asks for, and then certmagic's own wiring would configure the same connector a second
 * time. Running after Boot's own customizer, this one takes the setting back off the factory, so the connector gets
 * certmagic's per-name selection, TLS-ALPN-01 and renewals, exactly as without the property.
 */
final class ServerSslBundleCustomizer implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        factory.setSsl(null);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
