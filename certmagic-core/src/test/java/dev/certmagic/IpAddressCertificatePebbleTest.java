package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.acme.Http01TestServer;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * An IP-address certificate from a real ACME CA (RFC 8738): the order carries an {@code ip} identifier, the CSR an
 * IP SAN, Pebble validates the address over HTTP-01 (TLS-ALPN-01, also enabled, declines IP identifiers), and a
 * client that connects to the address without SNI gets that certificate and verifies it against Pebble's roots.
 */
@WithPebble(authzReuse = 0)
class IpAddressCertificatePebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @Test
    void anIpAddressGetsAnIpSanCertificateThatAClientWithoutSniVerifies() throws Exception {
        try (CertificateManager manager = CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).build())
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@ip.example"))
                .build();
                Http01TestServer http = new Http01TestServer(pebble.httpPort(), manager.httpChallenges());
                JsseTestServer server = new JsseTestServer(manager.sslContext(), 0)) {
            manager.manageSync(List.of("127.0.0.1"));

            X509Certificate leaf = new TlsProbe(pebble.issuingRoots()).leafForAddress(server.port(), "127.0.0.1");
            assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        }
    }
}
