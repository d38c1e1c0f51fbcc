package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;

import dev.certmagic.certificate.KeyPairs;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.certificate.RenewalWindow;
import dev.certmagic.issuance.SuggestedRenewal;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Writes and reads a site's key, chain and metadata so that a crash can never leave a usable-looking pair that
 * does not belong together.
 *
 * <p>Each {@link Storage#store} is atomic, but three keys cannot be written at once. So the order is: key, chain,
 * then metadata last; the metadata names the SHA-256 of the chain it describes. {@link #load} accepts the assets
 * only if the metadata exists, its hash matches the stored chain, and the key's public half matches the leaf. A
 * crash between the writes therefore leaves assets that do not load (and are issued again), never a mismatched
 * pair that is served.
 */
public final class CertificateAssets {

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
     * @throws IOException if storage failed; what was written before may not load, by design
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
     * @throws IOException if storage failed; what was written before may not load, by design
     * @throws IllegalArgumentException if the key does not match the leaf
     */
    public void store(List<String> names, List<X509Certificate> chain, PrivateKey key, String issuerKey,
            KeyType keyType, Instant now, SuggestedRenewal renewalInfo) throws IOException {
        if (!KeyPairs.matches(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("The private key does not match the certificate for " + names);
        }
        String primary = names.get(0);
        byte[] chainPem = PemCodec.writeCertificates(chain);
        storage.store(StorageKeys.sitePrivateKey(issuerKey, primary), PemCodec.writePrivateKey(key));
        storage.store(StorageKeys.siteCertificate(issuerKey, primary), chainPem);
        JSONBuilder metadata = new JSONBuilder()
                .array("names", names)
                .put("issuerKey", issuerKey)
                .put("keyType", keyType.name())
                .put("certificateSha256", sha256(chainPem))
                .put("notAfter", chain.get(0).getNotAfter().toInstant())
                .put("stored", now);
        putRenewalInfo(metadata, renewalInfo);
        storage.store(StorageKeys.siteMetadata(issuerKey, primary),
                metadata.toString().getBytes(StandardCharsets.UTF_8));
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
            JSON metadata = JSON.parse(new String(storage.load(metadataKey), StandardCharsets.UTF_8));
            String expected = sha256(PemCodec.writeCertificates(stored.chain()));
            if (!expected.equals(metadata.get("certificateSha256").asString())) {
                return false;
            }
            JSONBuilder rewritten = new JSONBuilder();
            metadata.toMap().forEach((name, value) -> {
                if (!"ari".equals(name)) {
                    rewritten.put(name, value);
                }
            });
            putRenewalInfo(rewritten, renewalInfo);
            storage.store(metadataKey, rewritten.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (KeyNotFoundException e) {
            return false;
        }
    }

    private static void putRenewalInfo(JSONBuilder metadata, SuggestedRenewal info) {
        if (info != null) {
            metadata.object("ari")
                    .put("start", info.window().start())
                    .put("end", info.window().end())
                    .put("nextCheck", info.nextCheck());
        }
    }

    private static SuggestedRenewal readRenewalInfo(JSON metadata) {
        if (!metadata.contains("ari")) {
            return null;
        }
        try {
            JSON ari = metadata.get("ari").asObject();
            return new SuggestedRenewal(new RenewalWindow(ari.get("start").asInstant(), ari.get("end").asInstant()),
                    ari.get("nextCheck").asInstant());
        } catch (RuntimeException damaged) {
            // A damaged suggestion only loses ARI; the certificate itself stays usable.
            return null;
        }
    }

    /**
     * Loads a site's assets if they are complete and consistent.
     *
     * @param issuerKey the issuer's storage key
     * @param primaryName the certificate's primary name
     * @return the certificate, or empty if nothing (or nothing consistent) is stored
     * @throws IOException if storage failed
     */
    public Optional<StoredCertificate> load(String issuerKey, String primaryName) throws IOException {
        try {
            JSON metadata = JSON.parse(new String(storage.load(StorageKeys.siteMetadata(issuerKey, primaryName)),
                    StandardCharsets.UTF_8));
            byte[] chainPem = storage.load(StorageKeys.siteCertificate(issuerKey, primaryName));
            if (!sha256(chainPem).equals(metadata.get("certificateSha256").asString())) {
                return Optional.empty();
            }
            List<X509Certificate> chain = PemCodec.readCertificates(chainPem);
            PrivateKey key = PemCodec.readPrivateKey(storage.load(StorageKeys.sitePrivateKey(issuerKey,
                    primaryName)));
            if (!KeyPairs.matches(key, chain.get(0).getPublicKey())) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            metadata.get("names").asArray().forEach(v -> names.add(v.asString()));
            return Optional.of(new StoredCertificate(names, chain, key, issuerKey, readRenewalInfo(metadata)));
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException damaged) {
            // Garbage metadata or PEM: treat as absent so that it is issued again, rather than failing forever.
            return Optional.empty();
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
