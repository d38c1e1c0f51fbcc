package dev.certmagic.autoconfigure;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client that trusts only the given roots and connects to 127.0.0.1 while asking for a name by SNI, the
 * way a browser would once DNS pointed the name at this machine.
 */
final class TlsClient {

    private final X509TrustManager roots;

    TlsClient(List<X509Certificate> trustedRoots) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < trustedRoots.size(); i++) {
            store.setCertificateEntry("root-" + i, trustedRoots.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        this.roots = (X509TrustManager) factory.getTrustManagers()[0];
    }

    /** The leaf served for {@code name}, verified against the roots and for the name (HTTPS identity). */
    X509Certificate leafFor(int port, String name) throws Exception {
        return handshake(port, name, List.of()).leaf();
    }

    /** The application protocol the server chose among those offered by ALPN, after a verified handshake. */
    String negotiatedProtocol(int port, String name, List<String> offered) throws Exception {
        return handshake(port, name, offered).protocol();
    }

    /** The status of {@code GET path} over HTTP/1.1 after a verified handshake for {@code name}. */
    int httpStatus(int port, String name, String path) throws Exception {
        String response = get(port, name, path);
        return Integer.parseInt(response.substring(0, response.indexOf("\r\n")).split(" ")[1]);
    }

    /**
     * One HTTP/1.1 {@code GET} over a verified TLS connection ({@code Connection: close}).
     *
     * @return the whole response, status line, headers and body, as ISO-8859-1 text
     */
    String get(int port, String name, String path) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(10_000);
            try (SSLSocket socket = connect(plain, port, name, List.of("http/1.1"))) {
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + name
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** A handshake offering only the given TLS protocol versions; fails when the server refuses them all. */
    void handshakeWithProtocols(int port, String name, String... protocols) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(5000);
            try (SSLSocket socket = connect(plain, port, name, List.of())) {
                socket.setEnabledProtocols(protocols);
                socket.startHandshake();
            }
        }
    }

    private SSLSocket connect(Socket plain, int port, String name, List<String> alpn) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { roots }, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, name, port, false);
        SSLParameters parameters = socket.getSSLParameters();
        // Clients send no SNI for an IP address (RFC 6066): the server must find its certificate without.
        parameters.setServerNames(dev.certmagic.certificate.HostNames.isIpAddress(name) ? List.of()
                : List.of(new SNIHostName(name)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        socket.setSSLParameters(parameters);
        return socket;
    }

    private Handshake handshake(int port, String name, List<String> alpn) throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(5000);
            try (SSLSocket socket = connect(plain, port, name, alpn)) {
                socket.startHandshake();
                return new Handshake((X509Certificate) socket.getSession().getPeerCertificates()[0],
                        socket.getApplicationProtocol());
            }
        }
    }

    private record Handshake(X509Certificate leaf, String protocol) {
    }
}
