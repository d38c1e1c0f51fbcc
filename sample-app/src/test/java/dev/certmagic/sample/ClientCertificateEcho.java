package dev.certmagic.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import dev.certmagic.testsupport.TestCertificates;

/**
 * A mutual-TLS peer for the tests: an HTTPS server on loopback that requires a client certificate issued under the
 * given roots and answers every request with that certificate's serial number in hex.
 */
final class ClientCertificateEcho implements AutoCloseable {

    private final HttpsServer server;
    private final X509Certificate certificate;

    private ClientCertificateEcho(HttpsServer server, X509Certificate certificate) {
        this.server = server;
        this.certificate = certificate;
    }

    static ClientCertificateEcho start(List<X509Certificate> clientRoots) throws IOException,
            GeneralSecurityException {
        TestCertificates.Held own = TestCertificates.leaf("localhost", "127.0.0.1").build();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("echo", own.privateKey(), new char[0], own.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust(clientRoots).getTrustManagers(), null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            SSLSession session = ((HttpsExchange) exchange).getSSLSession();
            byte[] body = ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber().toString(16)
                    .getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new ClientCertificateEcho(server, own.certificate());
    }

    static TrustManagerFactory trust(List<X509Certificate> roots) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            store.setCertificateEntry("root-" + i, roots.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    /** The peer's own self-signed certificate, which its clients trust. */
    X509Certificate certificate() {
        return certificate;
    }

    URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
