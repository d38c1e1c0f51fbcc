package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * Hands the staples that {@link OcspStapler} validated to JSSE, which has no API to accept a response from the
 * application. JSSE's server-side stapling ({@code jdk.tls.server.enableStatusRequestExtension=true}) fetches
 * responses itself; with {@code jdk.tls.stapling.responderOverride=true} and {@code jdk.tls.stapling.responderURI}
 * set to {@link #url()} it fetches them from this loopback endpoint, which answers from memory with exactly the
 * bytes certmagic validated and persisted. So the CA's responder is asked only by certmagic (at half-life, with
 * validation and storage), and a responder outage does not remove staples from the wire.
 *
 * <p>JSSE reads those properties when an {@code SSLContext} is created, so set them (JVM-wide) before creating
 * the server's context. JSSE caches what it fetched ({@code jdk.tls.stapling.cacheLifetime}, 3600 s by default,
 * and never past {@code nextUpdate}), so a refreshed staple reaches the wire within that lifetime. Requests are
 * answered for SHA-1 CertIDs (what JSSE sends); unknown certificates get HTTP 404, and JSSE then staples nothing.
 */
public final class OcspStapleEndpoint implements AutoCloseable {

    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final HttpServer server;
    private final Map<String, byte[]> staples = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();

    private OcspStapleEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint on a free port of the loopback interface (never reachable from other hosts).
     *
     * @return the running endpoint
     * @throws IOException if no port can be bound
     */
    public static OcspStapleEndpoint start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        OcspStapleEndpoint endpoint = new OcspStapleEndpoint(server);
        server.createContext("/", endpoint::handle);
        server.start();
        return endpoint;
    }

    /**
     * Returns the URL to set as {@code jdk.tls.stapling.responderURI}.
     *
     * @return {@code http://127.0.0.1:PORT/}
     */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Publishes a certificate's current staple, or withdraws it when the certificate carries none. Call it with
     * every certificate {@link OcspStapler} returns.
     *
     * @param certificate the certificate; its chain must hold the issuer
     */
    public void update(ManagedCertificate certificate) {
        String key = keyOf(certificate);
        if (key == null) {
            return;
        }
        byte[] staple = certificate.ocspStaple();
        if (staple == null) {
            staples.remove(key);
        } else {
            staples.put(key, staple);
        }
    }

    /**
     * Withdraws a certificate's staple, e.g. when the certificate leaves the cache.
     *
     * @param certificate the certificate
     */
    public void remove(ManagedCertificate certificate) {
        String key = keyOf(certificate);
        if (key != null) {
            staples.remove(key);
        }
    }

    /**
     * Returns how many staples were handed out, for metrics.
     *
     * @return the count since start
     */
    public long served() {
        return served.get();
    }

    /**
     * Stops the endpoint; JSSE then staples nothing once its cache expires.
     */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] staple;
            try {
                staple = lookup(readRequest(exchange));
            } catch (IOException | RuntimeException e) {
                staple = null;
            }
            if (staple == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            served.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, staple.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(staple);
            }
        }
    }

    private byte[] lookup(OCSPReq request) {
        Req[] list = request.getRequestList();
        if (list.length != 1) {
            return null;
        }
        CertificateID id = list[0].getCertID();
        if (!CertificateID.HASH_SHA1.getAlgorithm().equals(id.getHashAlgOID())) {
            return null;
        }
        return staples.get(key(id.getIssuerNameHash(), id.getIssuerKeyHash(), id.getSerialNumber()));
    }

    private static OCSPReq readRequest(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            String path = exchange.getRequestURI().getRawPath();
            String encoded = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.US_ASCII);
            return new OCSPReq(Base64.getDecoder().decode(encoded));
        }
        try (InputStream in = exchange.getRequestBody()) {
            return new OCSPReq(in.readNBytes(MAX_REQUEST_BYTES));
        }
    }

    private static String keyOf(ManagedCertificate certificate) {
        if (certificate.chain().size() < 2) {
            return null;
        }
        X509Certificate issuer = certificate.chain().get(1);
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer),
                    certificate.leaf().getSerialNumber());
            return key(id.getIssuerNameHash(), id.getIssuerKeyHash(), id.getSerialNumber());
        } catch (OperatorCreationException | OCSPException | CertificateEncodingException e) {
            return null;
        }
    }

    private static String key(byte[] nameHash, byte[] keyHash, BigInteger serial) {
        HexFormat hex = HexFormat.of();
        return hex.formatHex(nameHash) + ':' + hex.formatHex(keyHash) + ':' + serial.toString(16);
    }
}
