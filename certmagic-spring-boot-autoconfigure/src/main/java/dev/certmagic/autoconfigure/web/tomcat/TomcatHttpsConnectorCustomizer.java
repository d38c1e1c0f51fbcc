package dev.certmagic.autoconfigure.web.tomcat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import dev.certmagic.autoconfigure.web.ServerTls;
import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.TlsDefaults;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Turns Boot's main connector ({@code server.port}) into an HTTPS connector whose TLS comes from certmagic's
 * JSSE context. Runs when Boot creates the connector, after it has added the HTTP/2 upgrade protocol (when
 * {@code server.http2.enabled}), so the ALPN selector is built from the protocols the connector really has.
 */
final class TomcatHttpsConnectorCustomizer implements TomcatConnectorCustomizer {

    private final Supplier<SSLContext> sslContext;

    private final TomcatTlsEngine engine;

    TomcatHttpsConnectorCustomizer(Supplier<SSLContext> sslContext, TomcatTlsEngine engine) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public void customize(Connector connector) {
        if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol)) {
            throw new IllegalStateException("certmagic needs an HTTP/1.1 (NIO) Tomcat connector on server.port, found "
                    + connector.getProtocolHandler().getClass().getName());
        }
        ApplicationProtocols alpn = new ApplicationProtocols(serverProtocols(connector));
        SSLHostConfig hostConfig = new SSLHostConfig();
        hostConfig.setHostName(protocol.getDefaultSSLHostConfigName());
        hostConfig.setProtocols(protocolList());
        hostConfig.setCiphers(String.join(",", ServerTls.tls12CipherSuites()));
        hostConfig.setCipherSuites(String.join(":", ServerTls.tls13CipherSuites()));
        // Tomcat sets every engine's suite order from this (default: the client's order wins in TLS 1.2).
        hostConfig.setHonorCipherOrder(true);
        // On Java 20+ Tomcat sets every engine's named groups from this list (default: all it knows, ffdhe too).
        hostConfig.setGroups(String.join(",", TlsDefaults.namedGroups()));
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(hostConfig, SSLHostConfigCertificate.Type.UNDEFINED);
        // On Conscrypt the certificate is chosen before ALPN: the selector must grant acme-tls/1 on the same
        // condition as the key manager, what Tomcat read from the ClientHello.
        BiFunction<SSLEngine, List<String>, String> selector =
                engine == TomcatTlsEngine.CONSCRYPT ? new AcmeTlsOfferSelector(alpn) : alpn;
        certificate.setSslContext(new TomcatSslContextAdapter(sslContext, selector));
        hostConfig.addCertificate(certificate);
        protocol.setSSLEnabled(true);
        protocol.addSslHostConfig(hostConfig, true);
        if (engine == TomcatTlsEngine.CONSCRYPT) {
            // Conscrypt asks for the certificate before ALPN is negotiated: the key manager reads the client's
            // acme-tls/1 offer from the engine's ALPN list instead, which Tomcat fills only with negotiable names.
            AcmeTlsNegotiation.enable(protocol);
        }
        connector.setScheme("https");
        connector.setSecure(true);
    }

    /** Tomcat's syntax: a bare first name replaces its default set, {@code +name} adds to it. */
    private static String protocolList() {
        List<String> protocols = ServerTls.protocols();
        StringBuilder list = new StringBuilder(protocols.get(0));
        for (String protocol : protocols.subList(1, protocols.size())) {
            list.append(",+").append(protocol);
        }
        return list.toString();
    }

    /** ALPN names of the connector's upgrade protocols (h2 when HTTP/2 is on), then HTTP/1.1. */
    private static List<String> serverProtocols(Connector connector) {
        List<String> protocols = new ArrayList<>();
        for (UpgradeProtocol upgrade : connector.findUpgradeProtocols()) {
            String name = upgrade.getAlpnName();
            if (name != null && !name.isEmpty()) {
                protocols.add(name);
            }
        }
        protocols.add(ApplicationProtocols.HTTP_1_1);
        return protocols;
    }
}
