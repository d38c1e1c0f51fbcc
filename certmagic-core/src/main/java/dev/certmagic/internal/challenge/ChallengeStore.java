package dev.certmagic.internal.challenge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenges pending in this instance, kept in memory and mirrored to {@link Storage} at
 * {@link StorageKeys#challenge(String)}, so that whichever instance of a cluster the CA's validation request
 * reaches can answer it (CertMagic's distributed solving).
 *
 * <p>Lookups read memory first and fall back to storage. The storage read happens only for a name that has no
 * challenge in memory, which for TLS happens only in {@code acme-tls/1} handshakes and for HTTP only on the
 * challenge path: ordinary traffic never reaches storage through here.
 */
public final class ChallengeStore implements ChallengeCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeStore.class);

    private final Storage storage;
    private final Map<String, PendingChallenge> pending = new ConcurrentHashMap<>();

    /**
     * Creates a store.
     *
     * @param storage the storage shared with the cluster
     */
    public ChallengeStore(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * Publishes a challenge: memory first, then storage.
     *
     * @param challenge the challenge
     * @throws IOException if storage failed (the challenge is then removed from memory too)
     */
    public void put(PendingChallenge challenge) throws IOException {
        String identifier = normalize(challenge.identifier());
        pending.put(identifier, challenge);
        try {
            storage.store(StorageKeys.challenge(identifier), toJson(challenge).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            pending.remove(identifier, challenge);
            throw e;
        }
    }

    /**
     * Removes the challenge of an identifier from memory and storage.
     *
     * @param identifier the name
     */
    public void remove(String identifier) {
        String normalized = normalize(identifier);
        pending.remove(normalized);
        try {
            storage.delete(StorageKeys.challenge(normalized));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the challenge data of {} from storage: {}", normalized, e.toString());
        }
    }

    /**
     * Finds the pending challenge for exactly {@code identifier}, in memory or in storage.
     *
     * @param identifier a normalized name (lowercase, no trailing dot); untrusted input is fine
     * @return the challenge, if one is pending for exactly that name
     */
    public Optional<PendingChallenge> find(String identifier) {
        PendingChallenge local = pending.get(identifier);
        if (local != null) {
            return Optional.of(local);
        }
        try {
            byte[] data = storage.load(StorageKeys.challenge(identifier));
            PendingChallenge shared = fromJson(new String(data, StandardCharsets.UTF_8));
            // StorageKeys.safe is lossy ("a/b" and "ab" share a key): answer only for exactly the stored name.
            return shared.identifier().equals(identifier) ? Optional.of(shared) : Optional.empty();
        } catch (KeyNotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("No readable shared challenge for {}: {}", identifier, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public @Nullable ChallengeCertificate forName(String name) {
        return find(name).filter(c -> PendingChallenge.TLS_ALPN_01.equals(c.type()))
                .map(PendingChallenge::certificate).orElse(null);
    }

    /**
     * Normalizes an ACME identifier the way challenges are keyed: trimmed, lowercase, no trailing dot.
     *
     * @param identifier an identifier as the CA or a request gave it
     * @return the normalized identifier
     */
    public static String normalize(String identifier) {
        String n = identifier.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String toJson(PendingChallenge challenge) {
        JSONBuilder json = new JSONBuilder().put("identifier", normalize(challenge.identifier()))
                .put("type", challenge.type());
        if (PendingChallenge.HTTP_01.equals(challenge.type())) {
            json.put("token", challenge.token()).put("keyAuthorization", challenge.keyAuthorization());
        } else {
            json.put("certificate", new String(PemCodec.writeCertificates(
                    List.of(challenge.certificate().certificate())), StandardCharsets.US_ASCII));
            json.put("key", new String(PemCodec.writePrivateKey(challenge.certificate().privateKey()),
                    StandardCharsets.US_ASCII));
        }
        return json.toString();
    }

    private static PendingChallenge fromJson(String text) {
        JSON json = JSON.parse(text);
        String identifier = json.get("identifier").asString();
        String type = json.get("type").asString();
        if (PendingChallenge.HTTP_01.equals(type)) {
            return PendingChallenge.http01(identifier, json.get("token").asString(),
                    json.get("keyAuthorization").asString());
        }
        X509Certificate certificate = PemCodec.readCertificates(json.get("certificate").asString()
                .getBytes(StandardCharsets.US_ASCII)).get(0);
        PrivateKey key = PemCodec.readPrivateKey(json.get("key").asString().getBytes(StandardCharsets.US_ASCII));
        return PendingChallenge.tlsAlpn01(new ChallengeCertificate(identifier, key, certificate));
    }
}
