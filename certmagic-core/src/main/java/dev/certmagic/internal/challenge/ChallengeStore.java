package dev.certmagic.internal.challenge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
 * <p>Lookups read memory first and fall back to storage. Every lookup comes from a stranger (an HTTP-01 request on
 * the challenge path, an {@code acme-tls/1} ClientHello), so the storage read is guarded. For a name a peer may be
 * validating ({@code peerNames}: the names this instance manages) it happens at once; for any other name only
 * within a small budget of reads per second ({@code strangerLookupsPerSecond}), because a peer may be validating a
 * name this instance does not know (one the peer was asked to manage at run time). A name found missing in storage
 * is not read again for {@code missMemory} (a peer's challenge found there is remembered as long, so that the
 * lookups of one handshake see one object). A flood of random names thus costs at most the budget's reads a
 * second, and a flood of one managed name one read per {@code missMemory}. The price: a peer's challenge published
 * within {@code missMemory} after such a miss is found here only once the memory has expired, and a peer's
 * challenge for a name this instance does not know is missed while a flood spends the budget (the instance that
 * placed the order always answers at once).
 */
public final class ChallengeStore implements ChallengeCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeStore.class);

    /** How long a miss in storage is remembered by default: short, because a peer may publish right after it. */
    public static final Duration DEFAULT_MISS_MEMORY = Duration.ofSeconds(1);

    /** How many storage reads per second lookups of names outside {@code peerNames} may cost by default. */
    public static final int DEFAULT_STRANGER_LOOKUPS_PER_SECOND = 10;

    private final Storage storage;
    private final Predicate<String> peerNames;
    private final SharedChallengeMemory shared;
    private final StrangerLookupBudget strangerLookups;
    private final Map<String, PendingChallenge> pending = new ConcurrentHashMap<>();

    /**
     * Creates a store that looks up any name in storage and remembers no miss: for a standalone solver and for
     * tests. A {@code CertificateManager} builds its store with {@link #ChallengeStore(Storage, Predicate,
     * Duration, Clock)}, limited to the names it manages.
     *
     * @param storage the storage shared with the cluster
     */
    public ChallengeStore(Storage storage) {
        this(storage, name -> true, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * Creates a store whose storage lookups are limited to the names a peer may be validating.
     *
     * @param storage the storage shared with the cluster
     * @param peerNames tells whether a normalized name may have a challenge published by a peer (the names this
     *     instance manages); other names are answered from this instance's memory only. Called on handshake and
     *     request threads: it must be fast and must not block
     * @param missMemory how long what storage held for a name (a peer's challenge or nothing) is remembered
     *     instead of read again; {@link Duration#ZERO} for no memory
     * @param clock the clock of that memory
     */
    public ChallengeStore(Storage storage, Predicate<String> peerNames, Duration missMemory, Clock clock) {
        this(storage, peerNames, missMemory, DEFAULT_STRANGER_LOOKUPS_PER_SECOND, clock);
    }

    /**
     * Creates a store whose storage lookups are limited to the names a peer may be validating, plus a budget of
     * lookups per second for any other name.
     *
     * @param storage the storage shared with the cluster
     * @param peerNames tells whether a normalized name may have a challenge published by a peer (the names this
     *     instance manages); called on handshake and request threads: it must be fast and must not block
     * @param missMemory how long what storage held for a name is remembered; {@link Duration#ZERO} for no memory
     * @param strangerLookupsPerSecond how many storage reads per second lookups of other names may cost; 0 for none
     * @param clock the clock of that memory and of the budget
     */
    public ChallengeStore(Storage storage, Predicate<String> peerNames, Duration missMemory,
            int strangerLookupsPerSecond, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.peerNames = Objects.requireNonNull(peerNames, "peerNames");
        if (missMemory.isNegative()) {
            throw new IllegalArgumentException("missMemory must not be negative: " + missMemory);
        }
        this.shared = new SharedChallengeMemory(missMemory, Objects.requireNonNull(clock, "clock"));
        this.strangerLookups = new StrangerLookupBudget(strangerLookupsPerSecond, clock);
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
        shared.forget(identifier);
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
        shared.forget(normalized);
        try {
            storage.delete(StorageKeys.challenge(normalized));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the challenge data of {} from storage: {}", normalized, e.toString());
        }
    }

    /**
     * Finds the pending challenge for exactly {@code identifier}: in memory, else in storage when a peer may have
     * published one for that name or the stranger budget allows (what storage held is remembered for the miss
     * memory).
     *
     * @param identifier a normalized name (lowercase, no trailing dot); untrusted input is fine
     * @return the challenge, if one is pending for exactly that name
     */
    public Optional<PendingChallenge> find(String identifier) {
        PendingChallenge local = pending.get(identifier);
        if (local != null) {
            return Optional.of(local);
        }
        Optional<PendingChallenge> recalled = shared.recall(identifier);
        if (recalled != null) {
            return recalled;
        }
        if (!peerNames.test(identifier) && !strangerLookups.tryTake()) {
            return Optional.empty();
        }
        Optional<PendingChallenge> loaded = load(identifier);
        shared.remember(identifier, loaded.orElse(null));
        return loaded;
    }

    private Optional<PendingChallenge> load(String identifier) {
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
