package dev.certmagic.internal.localca;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.crypto.KeyPairs;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;

/**
 * Keeps a local CA's root and intermediate in storage, where every instance of a cluster finds the same ones:
 * Caddy's layout, {@code pki/authorities/<id>/root.crt}, {@code root.key}, {@code intermediate.crt},
 * {@code intermediate.key}. The root is made once (10 years); the intermediate is replaced at half its lifetime.
 * Both are made under the storage lock {@code pki_<id>} and storage is read again once the lock is held, so that
 * two instances starting together make one root, not two.
 *
 * <p>Thread-safe. The loaded authority is kept in memory; storage is read again only when the intermediate is due.
 */
public final class LocalAuthorityStore {

    /** The lifetime of a root: long, since every client that trusts it must install it again when it changes. */
    public static final Duration ROOT_LIFETIME = Duration.ofDays(3650);

    /** The shortest lifetime of an intermediate (Caddy's default); longer when leaves live longer. */
    public static final Duration MIN_INTERMEDIATE_LIFETIME = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(LocalAuthorityStore.class);

    private final Storage storage;
    private final String id;
    private final Duration leafLifetime;
    private final Clock clock;
    private volatile LocalAuthority current;

    /**
     * Creates the store; nothing is read or written until {@link #authority()}.
     *
     * @param storage where the CA is kept
     * @param id the CA's identifier, a safe storage segment ({@code local}, as Caddy's default CA)
     * @param leafLifetime the lifetime of the leaves the CA signs (the intermediate outlives two of them)
     * @param clock the source of "now"
     */
    public LocalAuthorityStore(Storage storage, String id, Duration leafLifetime, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.id = Objects.requireNonNull(id, "id");
        this.leafLifetime = Objects.requireNonNull(leafLifetime, "leafLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Returns the CA, loading it from storage or making it (under the storage lock) when missing or due.
     *
     * @return the root and a current intermediate
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted while waiting for the lock
     */
    public LocalAuthority authority() throws IOException, InterruptedException {
        LocalAuthority known = current;
        Instant now = clock.instant();
        if (known != null && !known.intermediateDue(now, leafLifetime)) {
            return known;
        }
        synchronized (this) {
            known = current;
            if (known != null && !known.intermediateDue(now, leafLifetime)) {
                return known;
            }
            // A peer may have renewed it: look before taking the lock, which is the slower path.
            Optional<LocalAuthority> stored = load();
            if (stored.isPresent() && !stored.get().intermediateDue(now, leafLifetime)) {
                current = stored.get();
                return current;
            }
            String lock = "pki_" + id;
            storage.lock(lock);
            try {
                current = loadOrMake(now);
                return current;
            } finally {
                storage.unlock(lock);
            }
        }
    }

    /** The storage key of one of the CA's files, e.g. {@code pki/authorities/local/root.crt}. */
    String key(String file) {
        return "pki/authorities/" + id + "/" + file;
    }

    private LocalAuthority loadOrMake(Instant now) throws IOException {
        Optional<LocalAuthority> stored = load();
        if (stored.isPresent() && !stored.get().intermediateDue(now, leafLifetime)) {
            return stored.get();
        }
        X509Certificate root;
        PrivateKey rootKey;
        Optional<X509Certificate> storedRoot = read("root.crt").map(pem -> PemCodec.readCertificates(pem).get(0));
        Optional<PrivateKey> storedRootKey = read("root.key").map(PemCodec::readPrivateKey);
        if (storedRoot.isPresent() && storedRootKey.isPresent()
                && KeyPairs.matches(storedRootKey.get(), storedRoot.get().getPublicKey())
                && !storedRoot.get().getNotAfter().toInstant().isBefore(now.plus(leafLifetime.multipliedBy(2)))) {
            root = storedRoot.get();
            rootKey = storedRootKey.get();
        } else {
            KeyPair keys = KeyType.EC256.generate();
            int year = now.atZone(ZoneOffset.UTC).getYear();
            root = LocalCertificates.root(keys, "certmagic Local Authority - " + year + " ECC Root", now,
                    now.plus(ROOT_LIFETIME));
            rootKey = keys.getPrivate();
            // Key before certificate: a crash in between leaves a pair that does not match, which is made anew.
            storage.store(key("root.key"), PemCodec.writePrivateKey(rootKey));
            storage.store(key("root.crt"), PemCodec.writeCertificates(List.of(root)));
            LOG.info("Made the root of the local CA '{}' (valid until {}); clients must trust {} to verify its "
                    + "certificates", id, root.getNotAfter().toInstant(), key("root.crt"));
        }
        KeyPair keys = KeyType.EC256.generate();
        Duration lifetime = leafLifetime.multipliedBy(4).compareTo(MIN_INTERMEDIATE_LIFETIME) > 0
                ? leafLifetime.multipliedBy(4) : MIN_INTERMEDIATE_LIFETIME;
        X509Certificate intermediate = LocalCertificates.intermediate(keys,
                "certmagic Local Authority - ECC Intermediate", root, rootKey, now, now.plus(lifetime));
        storage.store(key("intermediate.key"), PemCodec.writePrivateKey(keys.getPrivate()));
        storage.store(key("intermediate.crt"), PemCodec.writeCertificates(List.of(intermediate)));
        LOG.info("Made an intermediate of the local CA '{}', valid until {}", id,
                intermediate.getNotAfter().toInstant());
        return new LocalAuthority(root, rootKey, intermediate, keys.getPrivate());
    }

    private Optional<LocalAuthority> load() throws IOException {
        try {
            Optional<byte[]> rootPem = read("root.crt");
            Optional<byte[]> rootKeyPem = read("root.key");
            Optional<byte[]> intermediatePem = read("intermediate.crt");
            Optional<byte[]> intermediateKeyPem = read("intermediate.key");
            if (rootPem.isEmpty() || rootKeyPem.isEmpty() || intermediatePem.isEmpty()
                    || intermediateKeyPem.isEmpty()) {
                return Optional.empty();
            }
            LocalAuthority authority = new LocalAuthority(PemCodec.readCertificates(rootPem.get()).get(0),
                    PemCodec.readPrivateKey(rootKeyPem.get()),
                    PemCodec.readCertificates(intermediatePem.get()).get(0),
                    PemCodec.readPrivateKey(intermediateKeyPem.get()));
            boolean consistent = KeyPairs.matches(authority.rootKey(), authority.root().getPublicKey())
                    && KeyPairs.matches(authority.intermediateKey(), authority.intermediate().getPublicKey())
                    && authority.intermediate().getIssuerX500Principal()
                            .equals(authority.root().getSubjectX500Principal());
            return consistent ? Optional.of(authority) : Optional.empty();
        } catch (IllegalArgumentException damaged) {
            // A truncated or foreign file: treated as missing, so the locked path makes what is needed.
            return Optional.empty();
        }
    }

    private Optional<byte[]> read(String file) throws IOException {
        try {
            return Optional.of(storage.load(key(file)));
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        }
    }
}
