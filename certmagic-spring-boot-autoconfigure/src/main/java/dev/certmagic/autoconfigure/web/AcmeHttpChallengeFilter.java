package dev.certmagic.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers ACME HTTP-01 validation requests ({@code GET /.well-known/acme-challenge/<token>}) with the key
 * authorization from an {@link HttpChallengeResponder}, as {@code 200 text/plain}. Every other request, and a
 * challenge request this node knows nothing about, goes on down the chain (usually to
 * {@link HttpsRedirectFilter}), so the filter is harmless on the HTTPS connector too.
 *
 * <p>The challenge must be reachable at the server root: with a non-empty context path the CA's request
 * never reaches this application.
 */
public class AcmeHttpChallengeFilter extends HttpFilter {

    /** The path prefix of RFC 8555 HTTP-01 validation requests. */
    public static final String CHALLENGE_PATH_PREFIX = PlainHttpRequests.CHALLENGE_PATH_PREFIX;

    private final HttpChallengeResponder responder;

    /**
     * Creates the filter.
     *
     * @param responder where pending challenges are looked up
     */
    public AcmeHttpChallengeFilter(HttpChallengeResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /**
     * Answers a pending HTTP-01 challenge, or passes the request on.
     */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> answer = answer(request);
        if (answer.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = answer.get().getBytes(StandardCharsets.US_ASCII);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/plain");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private Optional<String> answer(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return Optional.empty();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return PlainHttpRequests.challengeToken(path).flatMap((token) -> PlainHttpRequests
            .challengeHost(request.getHeader("Host")).flatMap((host) -> responder.keyAuthorization(host, token)));
    }
}
