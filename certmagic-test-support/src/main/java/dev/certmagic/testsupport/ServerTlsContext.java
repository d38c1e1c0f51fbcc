package dev.certmagic.testsupport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side TLS context of a test server (a proxy in front of Pebble) that serves one certificate.
 */
final class ServerTlsContext {

    private ServerTlsContext() {
    }

    /**
     * Builds a context serving {@code leaf}.
     *
     * @param leaf the certificate and its key
     * @return the context
     */
    static SSLContext of(TestCertificates.Held leaf) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "proxy".toCharArray();
            store.setKeyEntry("proxy", leaf.privateKey(), password, leaf.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the proxy's TLS context", e);
        }
    }
}
