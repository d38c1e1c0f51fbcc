package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.tls.ChallengeCertificates;

/**
 * A real JSSE handshake for a name whose decision is still pending waits for it once, not once per key type JSSE
 * asks the key manager about (EC, RSA, ...): otherwise one handshake would hold its server thread for several
 * handshake timeouts.
 */
class OnDemandHandshakeWaitTest {

    private final CountDownLatch decided = new CountDownLatch(1);

    private final ExecutorService decisions = Executors.newFixedThreadPool(2);

    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();

    private SSLServerSocket serverSocket;

    @AfterEach
    void stop() throws IOException {
        decided.countDown();
        serverSocket.close();
        acceptor.shutdownNow();
        decisions.shutdownNow();
    }

    @Test
    void aHandshakeForAnUndecidedNameWaitsOnceWhateverTheKeyTypesJsseTries() throws Exception {
        OnDemandPolicy policy = OnDemandPolicy.builder().decision(name -> decided.await(60, TimeUnit.SECONDS))
                .build();
        OnDemandIssuer neverCalled = (name, permit) -> {
            throw new AssertionError("the decision never allows");
        };
        OnDemandGate gate = OnDemandGate.builder(policy, neverCalled, decisions)
                .handshakeTimeout(Duration.ofMillis(200)).build();
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {new SniKeyManager(new CertificateCache(Clock.systemUTC()),
                ChallengeCertificates.NONE, gate)}, null, null);
        serverSocket = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        acceptor.execute(this::acceptOne);

        assertThatThrownBy(() -> handshake("pending.customers.test")).isInstanceOf(SSLException.class);

        assertThat(gate.handshakeTimeouts()).as("waits of one handshake").isEqualTo(1);
    }

    private void handshake(String name) throws Exception {
        // Trusting nobody is fine: the server has no certificate to offer, the handshake fails before that.
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, null, null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), serverSocket.getLocalPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
        }
    }

    private void acceptOne() {
        try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
        } catch (IOException e) {
            // The refused handshake: the client side asserts.
        }
    }
}
