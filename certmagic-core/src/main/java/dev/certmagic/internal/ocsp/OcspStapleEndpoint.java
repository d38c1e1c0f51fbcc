package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>JSSE reads {@code enableStatusRequestExtension} when an {@code SSLContext} is created and the two
 * {@code stapling} properties when that context first staples, so set them (JVM-wide) before creating the
 * server's context and keep them while it serves ({@link OcspMaintenance} does both). JSSE caches what it fetched ({@code jdk.tls.stapling.cacheLifetime}, 3600 s by default,
 * and never past {@code nextUpdate}), so a refreshed staple reaches the wire within that lifetime. Requests are
 * answered for SHA-1 CertIDs (what JSSE sends); unknown certificates get HTTP 404, and JSSE then staples nothing.
 */
public final class OcspStapleEndpoint implements AutoCloseable {

    /**
     * The endpoint's limits: 4 threads and 8 waiting connections (JSSE caches what it fetched, so requests are
     * rare), and 2 s for a connection to send its request once a thread takes it up (an answer from memory takes
     * milliseconds). So even with every thread held by slow peers a fetch is answered or refused within 4 s, before
     * JSSE gives up on its own ({@code jdk.tls.stapling.responseTimeout}, 5 s) while a handshake waits.
     */
    static final LoopbackHttpServer.Settings DEFAULTS = new LoopbackHttpServer.Settings(4, 8, Duration.ofSeconds(2),
            16 * 1024, "application/ocsp-response");

    private final Map<String, byte[]> staples = new ConcurrentHashMap<>();
    private final AtomicLong served = new AtomicLong();
    private volatile LoopbackHttpServer server;

    private OcspStapleEndpoint() {
    }

    /**
     * Starts the endpoint on a free port of the loopback interface (never reachable from other hosts), with its
     * default limits: connections are served concurrently, and one that does not send its whole request within
     * 2 s is dropped, so a local peer that sends half a request delays no other staple fetch.
     *
     * @return the running endpoint
     * @throws IOException if no port can be bound
     */
    public static OcspStapleEndpoint start() throws IOException {
        return start(DEFAULTS);
    }

    static OcspStapleEndpoint start(LoopbackHttpServer.Settings settings) throws IOException {
        OcspStapleEndpoint endpoint = new OcspStapleEndpoint();
        endpoint.server = LoopbackHttpServer.start("certmagic-ocsp-staples", settings, endpoint::answer);
        return endpoint;
    }

    /**
     * Returns the URL to set as {@code jdk.tls.stapling.responderURI}.
     *
     * @return {@code http://127.0.0.1:PORT/}
     */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
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
     * Returns how many connections were closed without an answer (too slow, too large, malformed, or no thread
     * free), for diagnostics.
     *
     * @return the count since start
     */
    public long dropped() {
        return server.dropped();
    }

    /**
     * Stops the endpoint and closes its open connections; JSSE then staples nothing once its cache expires.
     */
    @Override
    public void close() {
        server.close();
    }

    private byte[] answer(LoopbackHttpServer.Request request) {
        byte[] staple;
        try {
            staple = lookup(parse(request));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (staple != null) {
            served.incrementAndGet();
        }
        return staple;
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

    private static OCSPReq parse(LoopbackHttpServer.Request request) throws IOException {
        if ("GET".equals(request.method())) {
            String path = request.rawPath();
            String encoded = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.US_ASCII);
            return new OCSPReq(Base64.getDecoder().decode(encoded));
        }
        return new OCSPReq(request.body());
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
