package dev.certmagic.internal.challenge;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenges pending in this instance, kept in memory and mirrored to {@link Storage} where Go CertMagic keeps
 * them, {@link StorageKeys#challengeTokens(String, String)} in its JSON ({@link ChallengeTokenFile}), so that
 * whichever process on that storage the CA's validation request reaches answers it: a peer of this project, or
 * Caddy (CertMagic's distributed solving, {@code distributedSolver} in {@code solvers.go}). One store serves one
 * issuer, as the key names it; a TLS-ALPN-01 challenge found in storage gets its certificate rebuilt from the
 * key authorization, as CertMagic's handshake does.
 *
 * <p>Challenges written under the key of earlier versions ({@code challenges/<name>.json}) are not read: they
 * live for the seconds of one validation, so an order in flight across an upgrade simply fails and is retried.
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
    private final @Nullable String issuerKey;
    private final Predicate<String> peerNames;
    private final SharedChallengeMemory shared;
    private final StrangerLookupBudget strangerLookups;
    private final Map<String, PendingChallenge> pending = new ConcurrentHashMap<>();
    private final Map<String, Rebuilt> rebuilt = new ConcurrentHashMap<>();

    /**
     * Creates a store that looks up any name in storage and remembers no miss: for a standalone solver and for
     * tests. A {@code CertificateManager} builds its store with {@link #ChallengeStore(Storage, String, Predicate,
     * Duration, Clock)}, limited to the names it manages.
     *
     * @param storage the storage shared with the cluster
     * @param issuerKey the key of the CA whose orders' challenges this store shares (see
     *     {@code StorageKeys.issuerKey}); peers share challenges only under the same key
     */
    public ChallengeStore(Storage storage, String issuerKey) {
        this(storage, Objects.requireNonNull(issuerKey, "issuerKey"), name -> true, Duration.ZERO,
                Clock.systemUTC());
    }

    /**
     * Creates a store whose storage lookups are limited to the names a peer may be validating.
     *
     * @param storage the storage shared with the cluster
     * @param issuerKey the key of the CA whose orders' challenges this store shares, or {@code null} when there is
     *     no issuer (then nothing can be published and lookups answer from memory only)
     * @param peerNames tells whether a normalized name may have a challenge published by a peer (the names this
     *     instance manages); other names are answered from this instance's memory only. Called on handshake and
     *     request threads: it must be fast and must not block
     * @param missMemory how long what storage held for a name (a peer's challenge or nothing) is remembered
     *     instead of read again; {@link Duration#ZERO} for no memory
     * @param clock the clock of that memory
     */
    public ChallengeStore(Storage storage, @Nullable String issuerKey, Predicate<String> peerNames,
            Duration missMemory, Clock clock) {
        this(storage, issuerKey, peerNames, missMemory, DEFAULT_STRANGER_LOOKUPS_PER_SECOND, clock);
    }

    /**
     * Creates a store whose storage lookups are limited to the names a peer may be validating, plus a budget of
     * lookups per second for any other name.
     *
     * @param storage the storage shared with the cluster
     * @param issuerKey the issuer key the challenges are kept under; {@code null} for none (memory only)
     * @param peerNames tells whether a normalized name may have a challenge published by a peer (the names this
     *     instance manages); called on handshake and request threads: it must be fast and must not block
     * @param missMemory how long what storage held for a name is remembered; {@link Duration#ZERO} for no memory
     * @param strangerLookupsPerSecond how many storage reads per second lookups of other names may cost; 0 for none
     * @param clock the clock of that memory and of the budget
     */
    public ChallengeStore(Storage storage, @Nullable String issuerKey, Predicate<String> peerNames,
            Duration missMemory, int strangerLookupsPerSecond, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.issuerKey = issuerKey;
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
     * @throws IllegalStateException if this store has no issuer key
     */
    public void put(PendingChallenge challenge) throws IOException {
        if (issuerKey == null) {
            throw new IllegalStateException("A challenge store without an issuer cannot publish challenges");
        }
        String identifier = normalize(challenge.identifier());
        pending.put(identifier, challenge);
        shared.forget(identifier);
        try {
            storage.store(StorageKeys.challengeTokens(issuerKey, identifier), ChallengeTokenFile.write(challenge));
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
        rebuilt.remove(normalized);
        if (issuerKey == null) {
            return;
        }
        try {
            storage.delete(StorageKeys.challengeTokens(issuerKey, normalized));
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
        if (issuerKey == null) {
            return Optional.empty();
        }
        Optional<PendingChallenge> recalled = shared.recall(identifier);
        if (recalled != null) {
            return recalled;
        }
        if (!peerNames.test(identifier) && !strangerLookups.tryTake()) {
            return Optional.empty();
        }
        Optional<PendingChallenge> loaded = load(issuerKey, identifier);
        if (loaded.isEmpty()) {
            rebuilt.remove(identifier); // the peer's challenge is over: its certificate is no longer needed
        }
        shared.remember(identifier, loaded.orElse(null));
        return loaded;
    }

    private Optional<PendingChallenge> load(String issuerKey, String identifier) {
        try {
            byte[] data = storage.load(StorageKeys.challengeTokens(issuerKey, identifier));
            PendingChallenge shared = ChallengeTokenFile.read(data, this::certificateFor);
            // StorageKeys.safe is lossy ("a/b" and "ab" share a key): answer only for exactly the stored name.
            return shared.identifier().equals(identifier) ? Optional.of(shared) : Optional.empty();
        } catch (KeyNotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("No readable shared challenge for {}: {}", identifier, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The certificate for a peer's TLS-ALPN-01 challenge: made once per key authorization, so that every lookup of
     * one handshake (choosing the alias, then fetching its chain and key, which must be the same object) finds the
     * same certificate even when the miss memory expires in between or is off.
     */
    private ChallengeCertificate certificateFor(String identifier, String keyAuthorization) {
        return rebuilt.compute(identifier, (name, known) -> known != null
                && known.keyAuthorization().equals(keyAuthorization) ? known
                : new Rebuilt(keyAuthorization, TlsAlpnChallengeCertificates.create(name, keyAuthorization)))
                .certificate();
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

    private record Rebuilt(String keyAuthorization, ChallengeCertificate certificate) {
    }
}
