package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import dev.certmagic.internal.http.BoundedBody;

/**
 * Asks an OCSP responder about one certificate over HTTP (RFC 6960 Appendix A): an unsigned request with a SHA-1
 * CertID (the form every responder understands), sent by {@code POST application/ocsp-request}. OCSP travels
 * over plain HTTP, so whoever is on the path can answer: the whole exchange has one deadline (connect, headers and
 * body), and the body is read only up to {@link #MAX_RESPONSE_BYTES} before the connection is dropped, so that
 * neither a hanging nor a flooding responder can stall the maintenance scan or fill the heap.
 */
public final class OcspClient {

    /** Responses larger than this are refused: real ones are a few kilobytes. */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration timeout;

    /**
     * Creates a client.
     *
     * @param http the HTTP client (its connect timeout should be bounded too)
     * @param timeout how long to wait for a whole response
     */
    public OcspClient(HttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates a client with its own HTTP client: 5 s to connect, 10 s for the response, no redirects (a responder
     * URL is fixed in the certificate, and following redirects would let a network attacker pick the host).
     *
     * @return the client
     */
    public static OcspClient withDefaults() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new OcspClient(http, Duration.ofSeconds(10));
    }

    /**
     * Fetches the DER response for a certificate; the caller validates it.
     *
     * @param responder the responder's URL
     * @param leaf the certificate to ask about
     * @param issuer its issuer
     * @return the response bytes
     * @throws OcspException if the request cannot be built, or the responder does not answer with a {@code 200}
     *     and a body of 1 to {@link #MAX_RESPONSE_BYTES} bytes within the timeout (the connection is then closed)
     * @throws InterruptedException if interrupted while waiting
     */
    public byte[] fetch(URI responder, X509Certificate leaf, X509Certificate issuer)
            throws OcspException, InterruptedException {
        byte[] request = request(leaf, issuer);
        HttpRequest httpRequest = HttpRequest.newBuilder(responder).timeout(timeout)
                .header("Content-Type", "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        // The request's own timeout ends at the headers; get(timeout) bounds the whole exchange, body included, so a
        // responder that trickles its body cannot stall the maintenance scan. The body is read through a bounded
        // subscriber: OCSP is plain HTTP, and anyone on the path could otherwise make us buffer an endless reply.
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(httpRequest, info -> {
            BoundedBody subscriber = bodySubscriber(info);
            body.set(subscriber);
            return subscriber;
        });
        HttpResponse<byte[]> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            hangUp(pending, body.get(), e);
            throw new OcspException("OCSP responder " + responder + " did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            throw failure(responder, e.getCause());
        } catch (InterruptedException e) {
            hangUp(pending, body.get(), e);
            throw e;
        }
        if (response.statusCode() != 200) {
            throw new OcspException("OCSP responder " + responder + " answered HTTP " + response.statusCode());
        }
        byte[] der = response.body();
        if (der.length == 0) {
            throw new OcspException("OCSP responder " + responder + " sent an empty body");
        }
        return der;
    }

    /** Reads only the body of a {@code 200}, and at most {@link #MAX_RESPONSE_BYTES} of it. */
    private static BoundedBody bodySubscriber(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return BoundedBody.discarding();
        }
        long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced > MAX_RESPONSE_BYTES) {
            return BoundedBody.refusing(new BoundedBody.TooLargeException("announced " + announced
                    + " bytes, more than " + MAX_RESPONSE_BYTES + " bytes"));
        }
        return new BoundedBody(MAX_RESPONSE_BYTES,
                () -> new BoundedBody.TooLargeException("sent more than " + MAX_RESPONSE_BYTES + " bytes"));
    }

    /** Closes the connection now, whatever the exchange was doing, so nothing goes on reading in the background. */
    private static void hangUp(CompletableFuture<?> pending, BoundedBody body, Exception reason) {
        pending.cancel(true);
        if (body != null) {
            body.abort(reason);
        }
    }

    private OcspException failure(URI responder, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLargeException tooLarge) {
                return new OcspException("OCSP responder " + responder + " " + tooLarge.getMessage()
                        + " (an OCSP response is a few kilobytes); refused", tooLarge);
            }
        }
        if (cause instanceof HttpTimeoutException) {
            // The request's own timeout can fire a moment before ours: the same event, the same message.
            return new OcspException("OCSP responder " + responder + " did not answer within " + timeout, cause);
        }
        return new OcspException("OCSP responder " + responder + " unreachable: " + cause, cause);
    }

    static byte[] request(X509Certificate leaf, X509Certificate issuer) throws OcspException {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                    .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer), leaf.getSerialNumber());
            return new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (OperatorCreationException | OCSPException | CertificateEncodingException | IOException e) {
            throw new OcspException("Cannot build an OCSP request for " + leaf.getSubjectX500Principal(), e);
        }
    }
}
