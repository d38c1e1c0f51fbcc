package dev.certmagic.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OCSP responder (RFC 6960, HTTP POST and GET) on a free loopback port, for tests: it answers each CertID of a
 * request with the status configured for its serial (good unless told otherwise), signed by a configurable
 * signer, and counts requests. Fault modes: {@link #close() down}, {@link #failWith(int) HTTP errors},
 * {@link #signWith a wrong signer}, {@link #nextUpdateAt a nextUpdate of choice} (e.g. past the certificate's
 * expiry), {@link #answerForOtherSerial() a wrong CertID}. Times come from the injected clock.
 */
public final class OcspResponderServer implements AutoCloseable {

    private final HttpServer server;
    private final Clock clock;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<BigInteger, Answer> answers = new ConcurrentHashMap<>();
    private volatile Signer signer;
    private volatile Duration validity = Duration.ofDays(4);
    private volatile Instant fixedNextUpdate;
    private volatile int failStatus;
    private volatile boolean otherSerial;
    private volatile boolean omitNextUpdate;
    private volatile boolean hang;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private OcspResponderServer(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /**
     * Starts a responder on 127.0.0.1 with a free port; it answers HTTP 500 until {@link #signWith} is called.
     *
     * @param clock the source of {@code thisUpdate}/{@code nextUpdate}
     * @return the running responder
     */
    public static OcspResponderServer start(Clock clock) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            OcspResponderServer responder = new OcspResponderServer(server, clock);
            server.createContext("/", responder::handle);
            server.start();
            return responder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the OCSP responder", e);
        }
    }

    /**
     * Returns the URL to put into certificates' AIA extension (or Pebble's {@code ocspResponderURL}).
     *
     * @return {@code http://127.0.0.1:PORT/ocsp}
     */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");
    }

    /**
     * Sets who signs responses and for which issuer CertIDs are computed. Signing with the issuer's own key is
     * the direct case; a delegated responder passes its own key and certificate; a wrong signer passes any other.
     *
     * @param key the signing key
     * @param responderCertificate the signer's certificate: named in the responder ID and included in the
     *     response when it is not the issuer
     * @param issuer the CA that issued the certificates asked about
     */
    public void signWith(PrivateKey key, X509Certificate responderCertificate, X509Certificate issuer) {
        this.signer = new Signer(key, responderCertificate, issuer);
    }

    /**
     * Answers {@code good} for a serial (the default for serials never configured).
     *
     * @param serial the certificate's serial
     */
    public void good(BigInteger serial) {
        answers.put(serial, new Answer(CertificateStatus.GOOD));
    }

    /**
     * Answers {@code revoked} for a serial.
     *
     * @param serial the certificate's serial
     * @param reason the RFC 5280 reason code, e.g. 1 for keyCompromise
     * @param revokedAt when it was revoked
     */
    public void revoked(BigInteger serial, int reason, Instant revokedAt) {
        answers.put(serial, new Answer(new RevokedStatus(Date.from(revokedAt), reason)));
    }

    /**
     * Answers {@code unknown} for a serial.
     *
     * @param serial the certificate's serial
     */
    public void unknown(BigInteger serial) {
        answers.put(serial, new Answer(new UnknownStatus()));
    }

    /**
     * Sets the window {@code thisUpdate..nextUpdate} of new responses; {@code thisUpdate} is the clock's now.
     *
     * @param validity the window, 4 days unless set
     */
    public void validity(Duration validity) {
        this.validity = Objects.requireNonNull(validity);
        this.fixedNextUpdate = null;
    }

    /**
     * Puts a fixed {@code nextUpdate} into new responses, e.g. one after the certificate's expiry.
     *
     * @param nextUpdate the time
     */
    public void nextUpdateAt(Instant nextUpdate) {
        this.fixedNextUpdate = nextUpdate;
    }

    /**
     * Makes the responder accept requests and then answer nothing until it is closed (at most 30 s), like a
     * responder that hangs.
     */
    public void hang() {
        this.hang = true;
    }

    /**
     * Leaves {@code nextUpdate} out of new responses (allowed by RFC 6960, useless for stapling).
     */
    public void omitNextUpdate() {
        this.omitNextUpdate = true;
    }

    /**
     * Makes every request fail with an HTTP status (still counted); 0 answers normally again.
     *
     * @param httpStatus e.g. 503
     */
    public void failWith(int httpStatus) {
        this.failStatus = httpStatus;
    }

    /**
     * Answers with a CertID for the next serial instead of the one asked about.
     */
    public void answerForOtherSerial() {
        this.otherSerial = true;
    }

    /**
     * Returns how many OCSP requests arrived.
     *
     * @return the count
     */
    public int requestCount() {
        return requests.get();
    }

    /**
     * Stops the responder: from now on connections are refused.
     */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (hang) {
                awaitClose();
                return;
            }
            byte[] body;
            try {
                body = failStatus != 0 ? null : respond(readRequest(exchange));
            } catch (IOException | OCSPException | OperatorCreationException | CertificateEncodingException
                    | RuntimeException e) {
                body = null;
            }
            int status = failStatus != 0 ? failStatus : body == null ? 500 : 200;
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private void awaitClose() {
        try {
            closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OCSPReq readRequest(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            String path = exchange.getRequestURI().getRawPath();
            String encoded = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1),
                    java.nio.charset.StandardCharsets.US_ASCII);
            return new OCSPReq(Base64.getDecoder().decode(encoded));
        }
        try (InputStream in = exchange.getRequestBody()) {
            return new OCSPReq(in.readNBytes(16 * 1024));
        }
    }

    private byte[] respond(OCSPReq request) throws OCSPException, OperatorCreationException, IOException,
            CertificateEncodingException {
        Signer current = signer;
        if (current == null) {
            return null;
        }
        X509CertificateHolder responderHolder = new JcaX509CertificateHolder(current.certificate());
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(responderHolder.getSubject()));
        Instant now = clock.instant();
        Instant nextUpdate = fixedNextUpdate != null ? fixedNextUpdate : now.plus(validity);
        for (Req one : request.getRequestList()) {
            CertificateID id = one.getCertID();
            Answer answer = answers.getOrDefault(id.getSerialNumber(), new Answer(CertificateStatus.GOOD));
            CertificateID answered = otherSerial
                    ? CertificateID.deriveCertificateID(id, id.getSerialNumber().add(BigInteger.ONE)) : id;
            builder.addResponse(answered, answer.status(), Date.from(now),
                    omitNextUpdate ? null : Date.from(nextUpdate), null);
        }
        String algorithm = "EC".equals(current.key().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).build(current.key());
        boolean delegated = !current.certificate().equals(current.issuer());
        X509CertificateHolder[] chain = delegated ? new X509CertificateHolder[] {responderHolder}
                : new X509CertificateHolder[0];
        BasicOCSPResp basic = builder.build(contentSigner, chain, Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private record Signer(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {
    }

    private record Answer(CertificateStatus status) {
    }

}
