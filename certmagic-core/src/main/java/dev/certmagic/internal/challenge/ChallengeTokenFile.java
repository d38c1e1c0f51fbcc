package dev.certmagic.internal.challenge;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import dev.certmagic.tls.ChallengeCertificate;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;

/**
 * The file a pending challenge is shared in, in Go CertMagic's format: its {@code distributedSolver} stores the
 * JSON of acmez's {@code acme.Challenge} ({@code type}, {@code url}, {@code status}, {@code token},
 * {@code keyAuthorization}, {@code identifier: {type, value}}), and its HTTP handler and TLS handshake answer a
 * peer's validation from {@code keyAuthorization}, {@code token} and {@code identifier.value}. We write the same
 * fields and read only those, so Caddy (CertMagic v0.17 in Caddy 2.6, acmez v1.0) and this project read each
 * other's files.
 */
final class ChallengeTokenFile {

    private ChallengeTokenFile() {
    }

    /** Writes a challenge as CertMagic does; the TLS-ALPN-01 certificate stays in memory (peers rebuild it). */
    static byte[] write(PendingChallenge challenge) {
        JSONBuilder json = new JSONBuilder()
                .put("type", challenge.type())
                .put("url", challenge.url() == null ? "" : challenge.url())
                .put("status", "pending")
                .put("keyAuthorization", challenge.keyAuthorization());
        if (challenge.token() != null) {
            json.put("token", challenge.token());
        }
        json.object("identifier").put("type", isIpAddress(challenge.identifier()) ? "ip" : "dns")
                .put("value", challenge.identifier());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a challenge a peer published.
     *
     * @param tlsAlpnCertificates makes the certificate of a TLS-ALPN-01 challenge from its name and key
     *     authorization
     * @throws IllegalArgumentException if it is malformed or of a type answered elsewhere (DNS-01)
     */
    static PendingChallenge read(byte[] data, BiFunction<String, String, ChallengeCertificate> tlsAlpnCertificates) {
        JSON json;
        try {
            json = JSON.parse(new String(data, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not a challenge file: " + e.getMessage(), e);
        }
        String type = text(json, "type");
        String keyAuthorization = text(json, "keyAuthorization");
        JSON identifierObject = json.get("identifier").optional().map(JSON.Value::asObject).orElse(null);
        String identifier = identifierObject == null ? null : text(identifierObject, "value");
        if (type == null || keyAuthorization == null || identifier == null) {
            throw new IllegalArgumentException("A challenge file needs type, keyAuthorization and identifier.value");
        }
        String name = ChallengeStore.normalize(identifier);
        String token = text(json, "token");
        String url = text(json, "url");
        if (PendingChallenge.HTTP_01.equals(type)) {
            if (token == null) {
                throw new IllegalArgumentException("An http-01 challenge file needs a token");
            }
            return PendingChallenge.http01(name, token, keyAuthorization, url);
        }
        if (PendingChallenge.TLS_ALPN_01.equals(type)) {
            return PendingChallenge.tlsAlpn01(token, keyAuthorization, url,
                    tlsAlpnCertificates.apply(name, keyAuthorization));
        }
        throw new IllegalArgumentException("Challenge type " + type + " is not answered from storage");
    }

    private static @Nullable String text(JSON json, String key) {
        return json.get(key).optional().map(JSON.Value::asString).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** ACME's identifier type: an IPv6 literal has a colon, an IPv4 literal only digits and dots. */
    private static boolean isIpAddress(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
