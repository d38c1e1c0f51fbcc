package dev.certmagic.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

class TlsDefaultsTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Defaults Root").build();

    @Test
    void engineGetsOnlyTls13And12AndOnlyForwardSecretAeadSuitesInServerOrder() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        engine.setUseClientMode(false);

        TlsDefaults.configure(engine, new ApplicationProtocols(List.of(ApplicationProtocols.H2)));

        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty().allSatisfy(suite -> {
            assertThat(suite).containsAnyOf("_GCM_", "CHACHA20");
            assertThat(suite).doesNotContain("CBC").doesNotStartWith("TLS_RSA_");
        });
        assertThat(engine.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
        assertThat(engine.getHandshakeApplicationProtocolSelector()).isNotNull();
    }

    @Test
    void oldProtocolsAndCbcSuitesAreRefusedInARealHandshake() throws Exception {
        CertificateCache cache = new CertificateCache(Clock.systemUTC());
        cache.add(TestManagedCertificates.issue(CA, TestKeys.ec(), true, "defaults.test"));
        TlsTestClient client = TlsTestClient.trusting(CA.certificate());
        List<javax.net.ssl.SNIServerName> sni = List.of(new SNIHostName("defaults.test"));

        try (TlsTestServer server = TlsTestServer.start(new SniKeyManager(cache, ChallengeCertificates.NONE, null))) {
            assertThatThrownBy(() -> client.connect(server.port(), sni, null,
                    new String[] {"TLSv1.2"}, new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"}))
                    .isInstanceOf(IOException.class);
            assertThat(client.connect(server.port(), sni, null, new String[] {"TLSv1.2"},
                    new String[] {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"}).protocol()).isEqualTo("TLSv1.2");
            assertThat(client.connect(server.port(), sni).protocol()).isEqualTo("TLSv1.3");
        }
    }
}
