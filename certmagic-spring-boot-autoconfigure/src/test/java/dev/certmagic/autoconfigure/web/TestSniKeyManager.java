package dev.certmagic.autoconfigure.web;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A minimal stand-in for the core's SNI key manager: serves one EC certificate per exact SNI name, the first
 * one to clients without SNI, and records the ALPN protocol it saw during each handshake.
 */
public final class TestSniKeyManager extends X509ExtendedKeyManager {

    private final Map<String, TestCertificates.Issued> byName = new LinkedHashMap<>();

    private final List<String> seenApplicationProtocols = new CopyOnWriteArrayList<>();

    /**
     * Creates the key manager.
     *
     * @param certificates the certificates, the first being the default
     */
    public TestSniKeyManager(List<TestCertificates.Issued> certificates) {
        certificates.forEach((issued) -> byName.put(issued.name(), issued));
    }

    /**
     * Builds a server context around this key manager.
     *
     * @return an initialized server context
     * @throws Exception on JSSE errors
     */
    public SSLContext serverContext() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] { this }, null, null);
        return context;
    }

    /**
     * Returns the ALPN protocols negotiated when this key manager was asked for a certificate.
     *
     * @return protocols in handshake order ({@code ""} when none was negotiated)
     */
    public List<String> seenApplicationProtocols() {
        return seenApplicationProtocols;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        if (!"EC".equals(keyType)) {
            return null;
        }
        String protocol = engine.getHandshakeApplicationProtocol();
        seenApplicationProtocols.add(protocol == null ? "" : protocol);
        SSLSession session = engine.getHandshakeSession();
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    String alias = host.getAsciiName().toLowerCase(Locale.ROOT);
                    return byName.containsKey(alias) ? alias : null;
                }
            }
        }
        return byName.keySet().iterator().next();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return "EC".equals(keyType) ? byName.keySet().toArray(String[]::new) : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        TestCertificates.Issued issued = byName.get(alias);
        return (issued != null) ? new X509Certificate[] { issued.certificate() } : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        TestCertificates.Issued issued = byName.get(alias);
        return (issued != null) ? issued.keyPair().getPrivate() : null;
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
