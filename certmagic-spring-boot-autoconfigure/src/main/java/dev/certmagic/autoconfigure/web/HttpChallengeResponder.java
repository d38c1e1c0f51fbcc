package dev.certmagic.autoconfigure.web;

import java.util.Optional;

/**
 * Source of HTTP-01 answers (RFC 8555, section 8.3) for {@link AcmeHttpChallengeFilter}. The core's challenge
 * store implements it; the filter does the HTTP side (method, path, Host parsing) so that an implementation
 * only looks up state.
 *
 * <p>Implementations are called on request threads, concurrently, and must not block on the network: a
 * validation request is answered from what this node (or the shared storage of the cluster) already knows.
 */
@FunctionalInterface
public interface HttpChallengeResponder {

    /**
     * Looks up the key authorization of a pending HTTP-01 challenge.
     *
     * @param host the requested host name, already validated, lower case, without port or brackets; an
     *     implementation answers only when it equals the identifier of the pending authorization, so that
     *     a token cannot be read through another name
     * @param token the challenge token from the request path, already checked to be base64url characters
     * @return the key authorization to send as the response body, or empty when no such challenge is pending
     *     for this host
     */
    Optional<String> keyAuthorization(String host, String token);
}
