package dev.certmagic.acme;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;

/**
 * A plain TLS server on the port where Pebble validates TLS-ALPN-01: it negotiates only {@code acme-tls/1} and
 * serves the {@link ChallengeCertificate} for the requested SNI name, as the real SNI key manager will.
 */
final class TlsAlpnTestServer implements AutoCloseable {

    private final SSLServerSocket serverSocket;
    private final Thread acceptor;
    private final AtomicInteger served = new AtomicInteger();

    TlsAlpnTestServer(int port, ChallengeCertificates certificates) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new ChallengeKeyManager(certificates)}, null, null);
        serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, 16,
                InetAddress.getLoopbackAddress());
        SSLParameters parameters = serverSocket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"acme-tls/1"});
        serverSocket.setSSLParameters(parameters);
        acceptor = new Thread(this::acceptLoop, "tls-alpn-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int served() {
        return served.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try (SSLSocket socket = (SSLSocket) serverSocket.accept()) {
                socket.setSoTimeout(5000);
                socket.startHandshake();
                if ("acme-tls/1".equals(socket.getApplicationProtocol())) {
                    served.incrementAndGet();
                }
            } catch (IOException e) {
                // A failed handshake (e.g. no challenge pending) or the server closing: go on.
            }
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }

    private static final class ChallengeKeyManager extends X509ExtendedKeyManager {

        private final ChallengeCertificates certificates;

        ChallengeKeyManager(ChallengeCertificates certificates) {
            this.certificates = certificates;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            if (!keyType.startsWith("RSA") || !(socket instanceof SSLSocket ssl)
                    || !"acme-tls/1".equals(ssl.getHandshakeApplicationProtocol())
                    || !(ssl.getHandshakeSession() instanceof ExtendedSSLSession session)) {
                return null;
            }
            List<SNIServerName> names = session.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host && certificates.forName(host.getAsciiName()) != null) {
                    return host.getAsciiName();
                }
            }
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            ChallengeCertificate certificate = certificates.forName(alias);
            return certificate == null ? null : new X509Certificate[] {certificate.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            ChallengeCertificate certificate = certificates.forName(alias);
            return certificate == null ? null : certificate.privateKey();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
