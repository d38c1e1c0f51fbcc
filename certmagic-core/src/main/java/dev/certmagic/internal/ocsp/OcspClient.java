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

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks an OCSP responder about one certificate over HTTP (RFC 6960 Appendix A): an unsigned request with a SHA-1
 * CertID (the form every responder understands), sent by {@code POST application/ocsp-request}, with bounded
 * connect and response timeouts so that a hanging responder cannot stall the maintenance scan.
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
     * @throws OcspException if the request cannot be built or the responder does not answer with a response
     * @throws InterruptedException if interrupted while waiting
     */
    public byte[] fetch(URI responder, X509Certificate leaf, X509Certificate issuer)
            throws OcspException, InterruptedException {
        byte[] request = request(leaf, issuer);
        HttpRequest httpRequest = HttpRequest.newBuilder(responder).timeout(timeout)
                .header("Content-Type", "application/ocsp-request")
                .header("Accept", "application/ocsp-response")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        // sendAsync + get(timeout) bounds the whole exchange; the request timeout alone ends at the headers, so a
        // responder that trickles its body could otherwise stall the maintenance scan.
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(httpRequest,
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new OcspException("OCSP responder " + responder + " did not answer within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                // The request's own timeout can fire a moment before ours: the same event, the same message.
                throw new OcspException("OCSP responder " + responder + " did not answer within " + timeout,
                        e.getCause());
            }
            throw new OcspException("OCSP responder " + responder + " unreachable: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        if (response.statusCode() != 200) {
            throw new OcspException("OCSP responder " + responder + " answered HTTP " + response.statusCode());
        }
        byte[] body = response.body();
        if (body.length == 0 || body.length > MAX_RESPONSE_BYTES) {
            throw new OcspException("OCSP responder " + responder + " sent " + body.length + " bytes");
        }
        return body;
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
