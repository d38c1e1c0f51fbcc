package dev.certmagic.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

/**
 * Session resumption on a server context from {@link TlsDefaults#sslContext}: a client that reconnects under the
 * same name resumes its session, so the key manager is not asked again. With JSSE's stateless session tickets this
 * fails from JDK 25 on (every resumption falls back to a full handshake with an SNI key manager); the test runs on
 * whichever JDK builds the project.
 *
 * <p>A session offered under another name cannot be tested with JSSE's client: when it resumes, it sends the
 * session's own SNI, not the one it was configured with.
 */
class TlsSessionResumptionTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Resumption Root").build();
    private static final KeyPair EC = TestKeys.ec();

    private final CertificateCache cache = new CertificateCache(Clock.systemUTC());
    private final Map<String, ChallengeCertificate> challenges = new ConcurrentHashMap<>();

    @Test
    void reconnectingClientResumesWithoutAskingTheKeyManagerAgain() throws Exception {
        ManagedCertificate a = TestManagedCertificates.issue(CA, EC, true, "a.resume.test");
        ManagedCertificate b = TestManagedCertificates.issue(CA, EC, true, "b.resume.test");
        cache.add(a);
        cache.add(b);
        SniKeyManager keyManager = new SniKeyManager(cache, challenges::get, null);
        SSLContext client = clientTrustingCa();

        try (TlsTestServer server = TlsTestServer.start(keyManager)) {
            assertThat(connect(client, server.port(), "a.resume.test")).isEqualTo(a.leaf());
            assertThat(keyManager.counters().count(HandshakeResult.HIT)).as("full handshakes").isEqualTo(1);

            for (int i = 0; i < 3; i++) {
                assertThat(connect(client, server.port(), "a.resume.test")).isEqualTo(a.leaf());
            }
            assertThat(keyManager.counters().count(HandshakeResult.HIT))
                    .as("full handshakes after three reconnections (resumed)").isEqualTo(1);
            assertThat(keyManager.counters().count(HandshakeResult.MISS)).as("misses").isZero();
            assertThat(server.completed()).isEqualTo(4);
            assertThat(server.unexpected()).isEmpty();
        }
    }

    private static SSLContext clientTrustingCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", CA.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** TLS 1.3 handshake with that SNI; reads the server's byte, which also takes in its session ticket. */
    private static X509Certificate connect(SSLContext client, int port, String name) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setProtocols(new String[] {"TLSv1.3"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getInputStream().read()).isEqualTo('k');
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
