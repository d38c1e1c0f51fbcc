package dev.certmagic.acme.challenge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;

/**
 * Answers HTTP-01 validation requests without any web framework: the HTTP layer (servlet filter, plain handler)
 * passes method, {@code Host} header and path, and writes the answer as {@code text/plain} if there is one.
 *
 * <p>Everything here is untrusted input. An answer is given only for {@code GET}, only for a {@code Host} (port
 * ignored) equal to a name with a pending HTTP-01 challenge, and only for exactly
 * {@code /.well-known/acme-challenge/<that challenge's token>}: no prefix, no other name's token, no query
 * games.
 */
public final class Http01Responder {

    /** The path prefix of HTTP-01 validation requests (RFC 8555, section 8.3). */
    public static final String PATH_PREFIX = "/.well-known/acme-challenge/";

    private final ChallengeStore store;

    /**
     * Creates a responder over the pending challenges.
     *
     * @param store the pending challenges
     */
    public Http01Responder(ChallengeStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Tells whether a path is a challenge path at all, so the HTTP layer can skip its redirect for it.
     *
     * @param path the request path, without query
     * @return {@code true} if it starts with {@link #PATH_PREFIX}
     */
    public static boolean isChallengePath(String path) {
        return path != null && path.startsWith(PATH_PREFIX);
    }

    /**
     * Returns the key authorization to send for a request, if it validates a pending challenge.
     *
     * @param method the HTTP method
     * @param host the {@code Host} header, possibly with a port
     * @param path the request path, without query string
     * @return the response body, or empty when the request must not be answered with challenge data
     */
    public Optional<String> respond(String method, String host, String path) {
        if (!"GET".equals(method) || host == null || path == null || !path.startsWith(PATH_PREFIX)) {
            return Optional.empty();
        }
        String token = path.substring(PATH_PREFIX.length());
        if (!isToken(token)) {
            return Optional.empty();
        }
        Optional<String> name = hostName(host);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return store.find(name.get())
                .filter(c -> PendingChallenge.HTTP_01.equals(c.type()))
                .filter(c -> c.identifier().equals(name.get()))
                .filter(c -> MessageDigest.isEqual(c.token().getBytes(StandardCharsets.US_ASCII),
                        token.getBytes(StandardCharsets.US_ASCII)))
                .map(PendingChallenge::keyAuthorization);
    }

    /** Tokens are base64url (RFC 8555, section 8.3); anything else is not a token we could have issued. */
    private static boolean isToken(String token) {
        if (token.isEmpty() || token.length() > 256) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Extracts the host name from a Host header: port removed, lowercase, no trailing dot, sane characters. */
    static Optional<String> hostName(String hostHeader) {
        String host = hostHeader.strip();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            host = host.substring(1, end);
        } else {
            int colon = host.indexOf(':');
            if (colon >= 0) {
                if (host.indexOf(':', colon + 1) >= 0) {
                    return Optional.empty();
                }
                host = host.substring(0, colon);
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > 253) {
            return Optional.empty();
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
            if (!ok) {
                return Optional.empty();
            }
        }
        return Optional.of(host);
    }
}
