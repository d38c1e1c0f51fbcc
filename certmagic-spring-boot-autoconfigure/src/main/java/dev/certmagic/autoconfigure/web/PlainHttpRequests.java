package dev.certmagic.autoconfigure.web;

import java.util.Optional;

/**
 * The server-independent rules of the plain-HTTP port, shared by the servlet filters and the Reactor Netty
 * plain-HTTP server: which requests are HTTP-01 validations, which host they are for, and where a redirect to
 * HTTPS points. Everything here reads client input, so it validates before it answers.
 */
public final class PlainHttpRequests {

    /** The path prefix of RFC 8555 HTTP-01 validation requests. */
    public static final String CHALLENGE_PATH_PREFIX = "/.well-known/acme-challenge/";

    private static final int MAX_TOKEN_LENGTH = 256;

    private static final int HTTPS_DEFAULT_PORT = 443;

    private PlainHttpRequests() {
    }

    /**
     * Extracts the token of an HTTP-01 validation request.
     *
     * @param path the request path, relative to the server root
     * @return the token, or empty when the path is not a challenge path or the token cannot be an RFC 8555 one
     */
    public static Optional<String> challengeToken(String path) {
        if (path == null || !path.startsWith(CHALLENGE_PATH_PREFIX)) {
            return Optional.empty();
        }
        String token = path.substring(CHALLENGE_PATH_PREFIX.length());
        return isToken(token) ? Optional.of(token) : Optional.empty();
    }

    /**
     * Validates a {@code Host} header for a challenge lookup.
     *
     * @param hostHeader the header value, may be {@code null}
     * @return the host, lower case, without port or brackets; empty when the header is not a plain host
     */
    public static Optional<String> challengeHost(String hostHeader) {
        return HostHeader.parse(hostHeader).map(HostHeader::host);
    }

    /**
     * Builds the HTTPS URL a plain-HTTP request is redirected to: the host the client asked for (validated), the
     * public HTTPS port unless it is 443, the same path and query.
     *
     * @param hostHeader the {@code Host} header, may be {@code null}
     * @param path the raw request path
     * @param query the raw query, or {@code null} for none
     * @param redirectPort the public HTTPS port
     * @return the location, or empty when the host, path or query is malformed (answer {@code 400} instead)
     */
    public static Optional<String> redirectLocation(String hostHeader, String path, String query, int redirectPort) {
        Optional<HostHeader> host = HostHeader.parse(hostHeader);
        if (host.isEmpty() || path == null || !isUrlSafe(path) || !path.startsWith("/")
                || (query != null && !isUrlSafe(query))) {
            return Optional.empty();
        }
        StringBuilder url = new StringBuilder("https://").append(host.get().forUrl());
        if (redirectPort != HTTPS_DEFAULT_PORT) {
            url.append(':').append(redirectPort);
        }
        url.append(path);
        if (query != null) {
            url.append('?').append(query);
        }
        return Optional.of(url.toString());
    }

    /**
     * Chooses the redirect status: {@code 301} for {@code GET} and {@code HEAD}, which every client and crawler
     * understands, and {@code 308} for other methods, because {@code 301} lets clients turn a {@code POST} into a
     * {@code GET} while {@code 308} keeps the method and body.
     *
     * @param method the request method
     * @return {@code 301} or {@code 308}
     */
    public static int redirectStatus(String method) {
        return "GET".equals(method) || "HEAD".equals(method) ? 301 : 308;
    }

    /** Raw request-target text: visible ASCII only, so nothing can break out of the Location header. */
    private static boolean isUrlSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** RFC 8555 tokens are base64url without padding; anything else cannot be ours. */
    private static boolean isToken(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
