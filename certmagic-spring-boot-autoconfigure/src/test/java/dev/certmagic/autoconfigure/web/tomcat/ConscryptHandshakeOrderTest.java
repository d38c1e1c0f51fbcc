package dev.certmagic.autoconfigure.web.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.junit.jupiter.api.Test;

import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.tls.ApplicationProtocols;

/**
 * What a key manager sees on a Conscrypt server engine, which is what the Tomcat wiring is built on: BoringSSL asks
 * for the certificate with the SNI visible but before ALPN is negotiated, on Conscrypt's inner engine (not the
 * wrapper an application holds), whose parameters carry the ALPN list the server set (Tomcat: negotiable protocols
 * the client offered); certmagic's selector then negotiates {@code acme-tls/1}. In memory, a JDK client engine
 * against a Conscrypt server engine.
 */
class ConscryptHandshakeOrderTest {

    private static final String NAME = "order.conscrypt.test";

    private static final TestCertificates.Held LEAF = TestCertificates.leaf(NAME).build();

    @Test
    void theKeyManagerSeesTheSniAndTheEnginesAlpnListButNoNegotiatedProtocolYet() throws Exception {
        Recorder recorder = new Recorder();
        SSLEngine server = ConscryptContexts.sslContext(recorder).createSSLEngine();
        server.setUseClientMode(false);
        server.setHandshakeApplicationProtocolSelector(new ApplicationProtocols(List.of("http/1.1")));
        SSLParameters tomcatLike = server.getSSLParameters();
        tomcatLike.setApplicationProtocols(new String[] {ApplicationProtocols.ACME_TLS_1});
        server.setSSLParameters(tomcatLike);

        SSLEngine client = clientEngine(List.of(ApplicationProtocols.ACME_TLS_1));
        handshake(client, server);

        assertThat(ConscryptContexts.isConscrypt(server)).isTrue();
        assertThat(recorder.seen).isNotEmpty().allSatisfy(seen -> {
            assertThat(seen.serverName()).isEqualTo(NAME);
            assertThat(seen.negotiated()).as("ALPN not negotiated yet when the certificate is chosen").isNullOrEmpty();
            assertThat(seen.engineAlpnList()).containsExactly(ApplicationProtocols.ACME_TLS_1);
            assertThat(seen.engineClass()).startsWith("org.conscrypt.");
        });
        assertThat(client.getApplicationProtocol()).as("then negotiated by certmagic's selector")
            .isEqualTo(ApplicationProtocols.ACME_TLS_1);
    }

    private static SSLEngine clientEngine(List<String> alpn) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("leaf", LEAF.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        SSLEngine engine = context.createSSLEngine(NAME, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(NAME)));
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Drives both engines until each has finished its handshake, passing records in memory. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(),
                server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
        ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer clientApp = ByteBuffer.allocate(app);
        ByteBuffer serverApp = ByteBuffer.allocate(app);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100 && !(done(client) && done(server)); round++) {
            step(client, empty, toServer, toClient, clientApp);
            step(server, empty, toClient, toServer, serverApp);
        }
        assertThat(done(client) && done(server)).as("both handshakes finished").isTrue();
    }

    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws Exception {
        for (int i = 0; i < 20; i++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult result = engine.wrap(empty, out);
                if (result.bytesProduced() == 0 && result.getStatus() != SSLEngineResult.Status.OK) {
                    return;
                }
            } else if (status == HandshakeStatus.NEED_UNWRAP) {
                in.flip();
                SSLEngineResult result = engine.unwrap(in, app);
                in.compact();
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || result.bytesConsumed() == 0
                        && result.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private record Seen(String engineClass, String serverName, String negotiated, List<String> engineAlpnList) {
    }

    /** Serves the one test certificate and records what each certificate request could see. */
    private static final class Recorder extends X509ExtendedKeyManager {

        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String serverName = null;
            if (engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
                serverName = session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                    .map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse(null);
            }
            seen.add(new Seen(engine.getClass().getName(), serverName, engine.getHandshakeApplicationProtocol(),
                    List.of(engine.getSSLParameters().getApplicationProtocols())));
            return "EC".equals(keyType) ? "leaf" : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {LEAF.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return LEAF.privateKey();
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
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
