package dev.certmagic.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The throwaway CA behind Pebble's own HTTPS listener (directory and management API), with the trust material
 * that a client needs to reach it.
 */
final class ListenerTrust {

    private final TestCertificates.Held ca;
    private final TestCertificates.Held listener;

    private ListenerTrust(TestCertificates.Held ca, TestCertificates.Held listener) {
        this.ca = ca;
        this.listener = listener;
    }

    static ListenerTrust generate() {
        TestCertificates.Held ca = TestCertificates.root("Pebble listener test CA").validity(
                java.time.Duration.ofDays(2)).build();
        TestCertificates.Held listener = TestCertificates.leaf("localhost", "127.0.0.1", "::1").signedBy(ca)
                .validity(java.time.Duration.ofDays(1)).build();
        return new ListenerTrust(ca, listener);
    }

    /** Writes the listener's certificate and key (PEM) into {@code directory} and returns their paths. */
    Path[] writeListenerFiles(Path directory) throws IOException {
        Path certificate = directory.resolve("listener-cert.pem");
        Path key = directory.resolve("listener-key.pem");
        Files.writeString(certificate, pem(listener.certificate()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem(new PemObject("PRIVATE KEY", listener.privateKey().getEncoded())),
                StandardCharsets.US_ASCII);
        return new Path[] {certificate, key};
    }

    X509Certificate caCertificate() {
        return ca.certificate();
    }

    byte[] caPem() {
        return pem(ca.certificate()).getBytes(StandardCharsets.US_ASCII);
    }

    KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("pebble-listener-ca", ca.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the trust store", e);
        }
    }

    X509TrustManager trustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore());
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("No X509TrustManager from " + factory.getAlgorithm());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the trust manager", e);
        }
    }

    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the SSL context", e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
