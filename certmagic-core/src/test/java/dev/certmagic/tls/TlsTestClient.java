package dev.certmagic.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Test clients: a JSSE client with chosen SNI, ALPN, protocols and suites, and a raw ClientHello writer for SNI
 * bytes that JSSE's own client refuses to send.
 */
public final class TlsTestClient {

    private final SSLContext context;

    private TlsTestClient(SSLContext context) {
        this.context = context;
    }

    /** A client that trusts exactly one root. */
    public static TlsTestClient trusting(X509Certificate root) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return new TlsTestClient(context);
    }

    /** A client that accepts any certificate, as an ACME validator looking at a self-signed challenge does. */
    public static TlsTestClient trustingAnything() throws Exception {
        X509TrustManager anything = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {anything}, null);
        return new TlsTestClient(context);
    }

    public record Result(X509Certificate leaf, String protocol, String applicationProtocol) {
    }

    public Result connect(int port, List<SNIServerName> serverNames) throws IOException {
        return connect(port, serverNames, null, null, null);
    }

    /**
     * Handshakes and reads the server's byte. Connects to 127.0.0.1, so JSSE sends no SNI of its own.
     */
    public Result connect(int port, List<SNIServerName> serverNames, String[] alpn, String[] protocols, String[] suites)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                port)) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(serverNames);
            if (alpn != null) {
                parameters.setApplicationProtocols(alpn);
            }
            if (protocols != null) {
                parameters.setProtocols(protocols);
            }
            if (suites != null) {
                parameters.setCipherSuites(suites);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            if (socket.getInputStream().read() != 'k') {
                throw new IOException("server did not complete the exchange");
            }
            SSLSession session = socket.getSession();
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            String protocol = session.getProtocol();
            String applicationProtocol = socket.getApplicationProtocol();
            // No resumption: every connection must run the key manager.
            session.invalidate();
            return new Result(leaf, protocol, applicationProtocol);
        }
    }

    /**
     * Sends a TLS 1.2 ClientHello whose server_name extension carries exactly {@code sniBytes} and returns the
     * content type of the first record the server answers with (22 handshake, 21 alert), or -1 if it closed.
     */
    public static int rawClientHello(int port, byte[] sniBytes) throws IOException {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        DataOutputStream ext = new DataOutputStream(extensions);
        ext.writeShort(0x0000); // server_name
        ext.writeShort(sniBytes.length + 5);
        ext.writeShort(sniBytes.length + 3);
        ext.writeByte(0); // host_name
        ext.writeShort(sniBytes.length);
        ext.write(sniBytes);
        ext.writeShort(0x000a); // supported_groups: x25519, secp256r1
        ext.writeShort(6);
        ext.writeShort(4);
        ext.writeShort(0x001d);
        ext.writeShort(0x0017);
        ext.writeShort(0x000b); // ec_point_formats: uncompressed
        ext.writeShort(2);
        ext.writeByte(1);
        ext.writeByte(0);
        ext.writeShort(0x000d); // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256
        ext.writeShort(8);
        ext.writeShort(6);
        ext.writeShort(0x0403);
        ext.writeShort(0x0804);
        ext.writeShort(0x0401);

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream hello = new DataOutputStream(body);
        hello.writeShort(0x0303);
        hello.write(new byte[32]);
        hello.writeByte(0); // no session id
        hello.writeShort(4);
        hello.writeShort(0xc02b); // ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        hello.writeShort(0xc02f); // ECDHE_RSA_WITH_AES_128_GCM_SHA256
        hello.writeByte(1);
        hello.writeByte(0); // null compression
        hello.writeShort(extensions.size());
        hello.write(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(record);
        out.writeByte(22);
        out.writeShort(0x0301);
        out.writeShort(body.size() + 4);
        out.writeByte(1); // client_hello
        out.writeByte((body.size() >>> 16) & 0xff);
        out.writeShort(body.size() & 0xffff);
        out.write(body.toByteArray());

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(record.toByteArray());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                throw new IOException("server neither answered nor closed within 10 s", e);
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
