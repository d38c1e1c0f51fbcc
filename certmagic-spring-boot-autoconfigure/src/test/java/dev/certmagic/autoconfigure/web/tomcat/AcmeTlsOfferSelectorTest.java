package dev.certmagic.autoconfigure.web.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.Test;

import dev.certmagic.tls.ApplicationProtocols;

/**
 * The ALPN choice on Conscrypt engines follows what Tomcat read from the ClientHello, as the key manager does.
 */
class AcmeTlsOfferSelectorTest {

    private final AcmeTlsOfferSelector selector =
            new AcmeTlsOfferSelector(new ApplicationProtocols(List.of("h2", "http/1.1")));

    @Test
    void grantsAcmeTls1WhenTomcatSawItOffered() throws Exception {
        SSLEngine engine = engineWithAlpnList(ApplicationProtocols.ACME_TLS_1);
        assertThat(AcmeTlsOffer.offered(engine)).isTrue();
        assertThat(selector.apply(engine, List.of("acme-tls/1"))).isEqualTo("acme-tls/1");
    }

    @Test
    void neverGrantsAcmeTls1WhenTomcatDidNotSeeItSoNoRealCertificateIsServedUnderIt() throws Exception {
        SSLEngine engine = engineWithAlpnList();
        assertThat(AcmeTlsOffer.offered(engine)).isFalse();
        assertThat(selector.apply(engine, List.of("acme-tls/1"))).isEmpty();
        assertThat(selector.apply(engine, List.of("acme-tls/1", "http/1.1"))).isEqualTo("http/1.1");
    }

    @Test
    void ordinaryClientsGetTheConnectorsChoice() throws Exception {
        SSLEngine engine = engineWithAlpnList("h2");
        assertThat(selector.apply(engine, List.of("http/1.1", "h2"))).isEqualTo("h2");
        assertThat(selector.apply(engine, List.of())).isEmpty();
    }

    private static SSLEngine engineWithAlpnList(String... protocols) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setApplicationProtocols(protocols);
        engine.setSSLParameters(parameters);
        return engine;
    }
}
