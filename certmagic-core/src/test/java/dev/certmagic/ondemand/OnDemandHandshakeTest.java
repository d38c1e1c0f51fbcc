package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.tls.ChallengeCertificates;

/**
 * The gate plugged into the real SNI key manager behind a real JSSE server socket: a TLS client for a new allowed
 * name gets a certificate issued during its handshake; a foreign name fails the handshake without an order.
 */
class OnDemandHandshakeTest {

    private final TestCertificates.Held root = TestCertificates.root("On-demand Handshake Root").build();

    private final CertificateCache cache = new CertificateCache(Clock.systemUTC());

    private final List<String> issued = new CopyOnWriteArrayList<>();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();

    private SSLServerSocket serverSocket;

    @BeforeEach
    void startServer() throws Exception {
        OnDemandIssuer issuer = (name, permit) -> {
            permit.acquire();
            issued.add(name);
            TestCertificates.Held leaf = TestCertificates.leaf(name).signedBy(root).build();
            ManagedCertificate certificate = ManagedCertificate.of(leaf.chain(), leaf.privateKey(), true, "test");
            cache.add(certificate);
            return certificate;
        };
        OnDemandPolicy policy = OnDemandPolicy.builder().allowedDomains(List.of("*.customers.test")).build();
        OnDemandGate gate = OnDemandGate.builder(policy, issuer, executor).build();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new SniKeyManager(cache, ChallengeCertificates.NONE, gate)}, null, null);
        serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        acceptor.execute(this::acceptLoop);
    }

    @AfterEach
    void stopServer() throws IOException {
        serverSocket.close();
        acceptor.shutdownNow();
        executor.shutdownNow();
    }

    @Test
    void aNewAllowedNameGetsItsCertificateDuringTheFirstHandshakeAndTheCacheServesTheNext() throws Exception {
        X509Certificate first = handshake("shop.customers.test");
        X509Certificate second = handshake("shop.customers.test");

        assertThat(first.getSubjectAlternativeNames()).anySatisfy(san -> assertThat(san.get(1))
                .isEqualTo("shop.customers.test"));
        assertThat(second).isEqualTo(first);
        assertThat(issued).containsExactly("shop.customers.test");
    }

    @Test
    void aForeignNameFailsTheHandshakeWithoutAnOrder() {
        assertThatThrownBy(() -> handshake("victim.example.org")).isInstanceOf(SSLException.class);
        assertThat(issued).isEmpty();
    }

    private X509Certificate handshake(String name) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", root.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), serverSocket.getLocalPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
            } catch (IOException e) {
                // A refused handshake or the socket closing at teardown: the client side asserts.
            }
        }
    }
}
