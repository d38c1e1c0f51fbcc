package dev.certmagic;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client that trusts only given roots, asks for one name by SNI, never resumes a session, and reports the
 * certificate it was served after a successful PKIX check and host name verification.
 */
final class TlsProbe {

    private final TrustManagerFactory trust;

    TlsProbe(List<X509Certificate> roots) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < roots.size(); i++) {
            trust.setCertificateEntry("root-" + i, roots.get(i));
        }
        this.trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        this.trust.init(trust);
    }

    /**
     * Handshakes with SNI {@code name} and returns the leaf the server presented; throws if the handshake or the
     * chain's validation failed.
     */
    X509Certificate leafFor(int port, String name) throws IOException {
        try (SSLSocket socket = handshake(port, name)) {
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            InputStream in = socket.getInputStream();
            if (in.read() != 'o') {
                throw new IOException("The server did not answer after the handshake");
            }
            return leaf;
        }
    }

    /**
     * Handshakes with SNI {@code name} and returns the session, without reading anything after the handshake (for
     * servers other than the test's own, which answer only HTTP requests).
     */
    ExtendedSSLSession sessionFor(int port, String name) throws IOException {
        try (SSLSocket socket = handshake(port, name)) {
            return (ExtendedSSLSession) socket.getSession();
        }
    }

    private SSLSocket handshake(int port, String name) throws IOException {
        // A fresh context per connection: the JDK client caches sessions by address and port, not by SNI, and
        // would otherwise resume a session made for another name.
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            // Host name verification as a browser would do it.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Connects to an IP address without SNI, as every client that is given an IP address does (RFC 6066 has no SNI
     * for addresses), and verifies that the leaf holds that address as an IP SAN; returns the leaf.
     */
    X509Certificate leafForAddress(int port, String address) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address, port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of());
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            if (socket.getInputStream().read() != 'o') {
                throw new IOException("The server did not answer after the handshake");
            }
            return leaf;
        }
    }

    BigInteger serialFor(int port, String name) throws IOException {
        return leafFor(port, name).getSerialNumber();
    }
}
