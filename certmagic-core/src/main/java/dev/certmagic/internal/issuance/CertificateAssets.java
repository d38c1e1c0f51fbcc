package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;


import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.crypto.KeyPairs;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Writes and reads a site's key, chain and metadata in Go CertMagic's files ({@code <name>.crt}, {@code .key},
 * {@code .json} under {@code certificates/<issuer>/<name>/}), so that Caddy and this project share one storage,
 * and so that neither a crash nor a failed write can leave a mismatched pair that is served.
 *
 * <p>Each {@link Storage#store} is atomic, but three keys cannot be written at once, and the names are
 * CertMagic's. A new generation is therefore first staged beside the current one ({@code <name>.crt.next},
 * {@code <name>.key.next}, files CertMagic ignores), then the chain replaces {@code .crt}, then the key replaces
 * {@code .key}, then the metadata is written and the staged files are removed. A write that fails before the
 * key is replaced leaves the previous generation whole (its key, chain and metadata untouched); a failure or
 * crash after that leaves the staged pair, which {@link #load} finds. {@link #load} accepts a pair only if the
 * key matches the leaf and the chain parses; when the metadata records the chain's SHA-256 (ours does, Go
 * CertMagic's does not) the pair it describes is preferred.
 */
public final class CertificateAssets {

    private static final String CRT = ".crt";
    private static final String KEY = ".key";

    private final Storage storage;

    /**
     * Creates the reader/writer.
     *
     * @param storage the storage
     */
    public CertificateAssets(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * Stores a certificate and its key.
     *
     * @param names the names, primary first
     * @param chain the chain, leaf first
     * @param key the leaf's private key
     * @param issuerKey the issuer's storage key
     * @param keyType the type of the key, recorded for renewal
     * @param now the time of the write, recorded in the metadata
     * @throws IOException if storage failed; the previous generation, or the new one, stays loadable
     * @throws IllegalArgumentException if the key does not match the leaf
     */
    public void store(List<String> names, List<X509Certificate> chain, PrivateKey key, String issuerKey,
            KeyType keyType, Instant now) throws IOException {
        store(names, chain, key, issuerKey, keyType, now, null);
    }

    /**
     * Stores a certificate and its key, with the CA's renewal suggestion in the metadata.
     *
     * @param names the names, primary first
     * @param chain the chain, leaf first
     * @param key the leaf's private key
     * @param issuerKey the issuer's storage key
     * @param keyType the type of the key, recorded for renewal
     * @param now the time of the write, recorded in the metadata
     * @param renewalInfo the CA's suggested renewal window (ARI), or {@code null}
     * @throws IOException if storage failed; the previous generation, or the new one, stays loadable
     * @throws IllegalArgumentException if the key does not match the leaf
     */
    public void store(List<String> names, List<X509Certificate> chain, PrivateKey key, String issuerKey,
            KeyType keyType, Instant now, SuggestedRenewal renewalInfo) throws IOException {
        if (!KeyPairs.matches(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("The private key does not match the certificate for " + names);
        }
        String primary = names.get(0);
        byte[] chainPem = PemCodec.writeCertificates(chain);
        byte[] keyPem = PemCodec.writePrivateKey(key);
        CertificateMetadata metadata = new CertificateMetadata(names, null, sha256(chainPem),
                keyType == null ? null : keyType.name(), renewalInfo);
        // Written under the issuance lock: a backend with fencing tokens refuses each write once the lock was lost,
        // so a holder that stalled past the lock's expiry cannot overwrite its successor's newer generation.
        String lock = StorageKeys.issuanceLockName(primary);
        storage.storeIfLockHeld(lock, StorageKeys.siteStaged(issuerKey, primary, KEY), keyPem);
        storage.storeIfLockHeld(lock, StorageKeys.siteStaged(issuerKey, primary, CRT), chainPem);
        // Chain before key: if the chain write fails, the previous key, chain and metadata are all still in place.
        storage.storeIfLockHeld(lock, StorageKeys.siteCertificate(issuerKey, primary), chainPem);
        storage.storeIfLockHeld(lock, StorageKeys.sitePrivateKey(issuerKey, primary), keyPem);
        storage.storeIfLockHeld(lock, StorageKeys.siteMetadata(issuerKey, primary),
                metadata.encode(now, chain.get(0).getNotAfter().toInstant()));
        storage.delete(StorageKeys.siteStaged(issuerKey, primary, CRT));
        storage.delete(StorageKeys.siteStaged(issuerKey, primary, KEY));
    }

    /**
     * Records a newer renewal suggestion for a stored certificate by rewriting only its metadata. The caller holds
     * the site's issuance lock, so a renewal cannot write a new chain in between; the rewrite is skipped anyway
     * when the stored chain is no longer the one {@code stored} holds, so it can never make a new chain unloadable.
     *
     * @param stored the certificate as loaded
     * @param renewalInfo the CA's latest suggestion
     * @return whether the metadata was rewritten
     * @throws IOException if storage failed
     */
    public boolean storeRenewalInfo(StoredCertificate stored, SuggestedRenewal renewalInfo) throws IOException {
        String primary = stored.names().get(0);
        String metadataKey = StorageKeys.siteMetadata(stored.issuerKey(), primary);
        try {
            CertificateMetadata metadata = CertificateMetadata.decode(storage.load(metadataKey));
            byte[] chainPem = storage.load(StorageKeys.siteCertificate(stored.issuerKey(), primary));
            if (!Arrays.equals(chainEncoded(chainPem), chainEncoded(PemCodec.writeCertificates(stored.chain())))) {
                return false;
            }
            CertificateMetadata rewritten = new CertificateMetadata(metadata.sans(), metadata.issuerData(),
                    sha256(chainPem), metadata.keyType(), renewalInfo);
            storage.store(metadataKey, rewritten.encode(Instant.now(), stored.notAfter()));
            return true;
        } catch (KeyNotFoundException e) {
            return false;
        } catch (RuntimeException damaged) {
            return false;
        }
    }

    private static byte[] chainEncoded(byte[] pem) {
        try {
            List<X509Certificate> chain = PemCodec.readCertificates(pem);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (X509Certificate certificate : chain) {
                out.writeBytes(certificate.getEncoded());
            }
            return out.toByteArray();
        } catch (java.security.cert.CertificateEncodingException | RuntimeException e) {
            return new byte[0];
        }
    }

    /**
     * Loads a site's assets if they are complete and consistent: written by this project (any version) or by Go
     * CertMagic.
     *
     * @param issuerKey the issuer's storage key
     * @param primaryName the certificate's primary name
     * @return the certificate, or empty if nothing (or nothing consistent) is stored
     * @throws IOException if storage failed
     */
    public Optional<StoredCertificate> load(String issuerKey, String primaryName) throws IOException {
        CertificateMetadata metadata;
        try {
            metadata = CertificateMetadata.decode(storage.load(StorageKeys.siteMetadata(issuerKey, primaryName)));
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException damaged) {
            // Garbage metadata: treat as absent so that it is issued again, rather than failing forever.
            return Optional.empty();
        }
        byte[] chain = loadOrNull(StorageKeys.siteCertificate(issuerKey, primaryName));
        byte[] key = loadOrNull(StorageKeys.sitePrivateKey(issuerKey, primaryName));
        byte[] stagedChain = loadOrNull(StorageKeys.siteStaged(issuerKey, primaryName, CRT));
        byte[] stagedKey = loadOrNull(StorageKeys.siteStaged(issuerKey, primaryName, KEY));
        // The pair the metadata describes first; then whatever consistent pair a failed or cut-short write left.
        List<byte[][]> pairs = new ArrayList<>();
        pairs.add(new byte[][] {chain, key});
        pairs.add(new byte[][] {stagedChain, stagedKey});
        pairs.add(new byte[][] {chain, stagedKey});
        pairs.add(new byte[][] {stagedChain, key});
        if (metadata.chainSha256() != null) {
            for (byte[][] pair : pairs) {
                if (pair[0] != null && metadata.chainSha256().equals(sha256(pair[0]))) {
                    Optional<StoredCertificate> loaded = consistent(pair, metadata, issuerKey, primaryName);
                    if (loaded.isPresent()) {
                        return loaded;
                    }
                }
            }
        }
        for (byte[][] pair : pairs) {
            Optional<StoredCertificate> loaded = consistent(pair, metadata, issuerKey, primaryName);
            if (loaded.isPresent()) {
                return loaded;
            }
        }
        return Optional.empty();
    }

    private static Optional<StoredCertificate> consistent(byte[][] pair, CertificateMetadata metadata,
            String issuerKey, String primaryName) {
        if (pair[0] == null || pair[1] == null) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = PemCodec.readCertificates(pair[0]);
            PrivateKey key = PemCodec.readPrivateKey(pair[1]);
            if (chain.isEmpty() || !KeyPairs.matches(key, chain.get(0).getPublicKey())) {
                return Optional.empty();
            }
            List<String> names = metadata.sans();
            if (!covers(chain.get(0), primaryName)) {
                return Optional.empty();
            }
            if (!names.isEmpty() && !names.get(0).equalsIgnoreCase(primaryName) && names.contains(primaryName)) {
                List<String> reordered = new ArrayList<>(names);
                reordered.remove(primaryName);
                reordered.add(0, primaryName);
                names = reordered;
            }
            return Optional.of(new StoredCertificate(names, chain, key, issuerKey, metadata.renewalInfo()));
        } catch (RuntimeException damaged) {
            // Truncated or garbage PEM: this pair is not usable.
            return Optional.empty();
        }
    }

    private static boolean covers(X509Certificate leaf, String name) {
        try {
            var alternativeNames = leaf.getSubjectAlternativeNames();
            if (alternativeNames == null) {
                return false;
            }
            for (List<?> entry : alternativeNames) {
                if (entry.size() >= 2 && entry.get(1) instanceof String san
                        && HostNames.matches(san.toLowerCase(java.util.Locale.ROOT), name)) {
                    return true;
                }
            }
            return false;
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    private byte[] loadOrNull(String key) throws IOException {
        try {
            return storage.load(key);
        } catch (KeyNotFoundException e) {
            return null;
        }
    }

    /**
     * Loads the stored private key of a site without the checks of {@link #load}, for key reuse.
     *
     * @param issuerKey the issuer's storage key
     * @param primaryName the primary name
     * @return the key, if one is stored and readable
     * @throws IOException if storage failed
     */
    public Optional<PrivateKey> loadKey(String issuerKey, String primaryName) throws IOException {
        try {
            return Optional.of(PemCodec.readPrivateKey(storage.load(StorageKeys.sitePrivateKey(issuerKey,
                    primaryName))));
        } catch (KeyNotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes a site's assets (metadata first, so a partly deleted site never loads).
     *
     * @param issuerKey the issuer's storage key
     * @param primaryName the primary name
     * @throws IOException if storage failed
     */
    public void delete(String issuerKey, String primaryName) throws IOException {
        storage.delete(StorageKeys.siteMetadata(issuerKey, primaryName));
        storage.delete(StorageKeys.sitePrefix(issuerKey, primaryName));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
