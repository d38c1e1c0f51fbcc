package dev.certmagic.certificate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A certificate chain with its private key, as served in handshakes and tracked for renewal. Instances are
 * immutable: a renewal or a new OCSP staple makes a new instance, so that a handshake that already picked one
 * keeps a consistent chain and key. Unmanaged certificates (supplied by the user) have {@code managed=false} and
 * are never renewed.
 */
public final class ManagedCertificate {

    private final List<String> names;
    private final List<X509Certificate> chain;
    private final X509Certificate[] chainArray;
    private final PrivateKey privateKey;
    private final Instant notBefore;
    private final Instant notAfter;
    private final String hash;
    private final boolean managed;
    private final String issuerKey;
    private final KeyAlgorithm keyAlgorithm;
    private final byte[] ocspStaple;
    private final RenewalWindow renewalWindow;
    private final String alias;

    private ManagedCertificate(List<String> names, List<X509Certificate> chain, PrivateKey privateKey, String hash,
            boolean managed, String issuerKey, byte[] ocspStaple, RenewalWindow renewalWindow) {
        this.names = names;
        this.chain = chain;
        this.chainArray = chain.toArray(new X509Certificate[0]);
        this.privateKey = privateKey;
        this.notBefore = chain.get(0).getNotBefore().toInstant();
        this.notAfter = chain.get(0).getNotAfter().toInstant();
        this.hash = hash;
        this.managed = managed;
        this.issuerKey = issuerKey;
        this.keyAlgorithm = KeyAlgorithm.of(privateKey);
        this.ocspStaple = ocspStaple;
        this.renewalWindow = renewalWindow;
        this.alias = "cm-" + hash;
    }

    /**
     * Builds a certificate from a chain and its key, checking that the key belongs to the leaf.
     *
     * @param chain the chain, leaf first; not empty
     * @param privateKey the leaf's private key
     * @param managed whether certmagic obtained the certificate and keeps it renewed
     * @param issuerKey the key of the issuer that obtained it (for storage paths); {@code null} for unmanaged ones
     * @return the certificate
     * @throws IllegalArgumentException if the chain is empty, names no host, or the key does not match the leaf
     */
    public static ManagedCertificate of(List<X509Certificate> chain, PrivateKey privateKey, boolean managed,
            @Nullable String issuerKey) {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("Certificate chain is empty");
        }
        List<X509Certificate> copy = List.copyOf(chain);
        X509Certificate leaf = copy.get(0);
        LeafInspection.requireMatchingKey(leaf, privateKey);
        List<String> names = LeafInspection.namesOf(leaf);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("Certificate " + leaf.getSubjectX500Principal()
                    + " names no host (no DNS or IP subject alternative name and no common name)");
        }
        return new ManagedCertificate(names, copy, privateKey, LeafInspection.hashOf(copy), managed, issuerKey, null, null);
    }

    /**
     * Builds a certificate from PEM text: CertMagic's {@code CacheUnmanagedCertificatePEMBytes} and the form in
     * which issued certificates are stored.
     *
     * @param certificatePem the chain in PEM, leaf first
     * @param privateKeyPem the private key in PEM (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted)
     * @param managed whether certmagic manages (renews) the certificate
     * @param issuerKey the issuer's key, or {@code null}
     * @return the certificate
     * @throws IllegalArgumentException if the PEM is malformed or the key does not match the leaf
     */
    public static ManagedCertificate fromPem(byte[] certificatePem, byte[] privateKeyPem, boolean managed,
            @Nullable String issuerKey) {
        return of(PemCodec.readCertificates(certificatePem), PemCodec.readPrivateKey(privateKeyPem), managed,
                issuerKey);
    }

    /**
     * Loads a user-supplied certificate from two PEM files (CertMagic's {@code CacheUnmanagedCertificatePEMFile}).
     *
     * @param certificateFile the chain in PEM, leaf first
     * @param privateKeyFile the private key in PEM
     * @return an unmanaged certificate
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if the content is malformed or the key does not match the leaf
     */
    public static ManagedCertificate unmanagedFromPemFiles(Path certificateFile, Path privateKeyFile)
            throws IOException {
        byte[] certificatePem = Files.readAllBytes(certificateFile);
        byte[] keyPem = Files.readAllBytes(privateKeyFile);
        try {
            return fromPem(certificatePem, keyPem, false, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (files " + certificateFile + ", " + privateKeyFile
                    + ")", e);
        }
    }

    /**
     * Loads a user-supplied certificate from a key store entry.
     *
     * @param keyStore a loaded key store
     * @param entryAlias the alias of a private key entry
     * @param password the entry's password
     * @return an unmanaged certificate
     * @throws IllegalArgumentException if the entry is missing, is not a private key entry, cannot be recovered
     *     with the password, or its key does not match its leaf
     */
    public static ManagedCertificate unmanagedFromKeyStore(KeyStore keyStore, String entryAlias, char[] password) {
        try {
            Key key = keyStore.getKey(entryAlias, password);
            Certificate[] certificates = keyStore.getCertificateChain(entryAlias);
            if (!(key instanceof PrivateKey privateKey) || certificates == null || certificates.length == 0) {
                throw new IllegalArgumentException("Key store entry '" + entryAlias
                        + "' is missing or is not a private key entry with a certificate chain");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                if (!(certificate instanceof X509Certificate x509)) {
                    throw new IllegalArgumentException("Key store entry '" + entryAlias + "' holds a non-X.509 "
                            + "certificate");
                }
                chain.add(x509);
            }
            return of(chain, privateKey, false, null);
        } catch (GeneralSecurityException e) {
            // The exception type is enough; its message never carries the password, but stay conservative.
            throw new IllegalArgumentException("Cannot read key store entry '" + entryAlias + "': "
                    + e.getClass().getSimpleName() + " (wrong password or unsupported entry?)", e);
        }
    }

    /**
     * Returns a copy carrying a fresh OCSP response to staple.
     *
     * @param staple the DER-encoded OCSP response, or {@code null} to drop it
     * @return the copy (same hash and alias)
     */
    public ManagedCertificate withOcspStaple(byte @Nullable [] staple) {
        return new ManagedCertificate(names, chain, privateKey, hash, managed, issuerKey,
                staple == null ? null : staple.clone(), renewalWindow);
    }

    /**
     * Returns a copy carrying the CA's suggested renewal window (ARI).
     *
     * @param window the window, or {@code null} to drop it
     * @return the copy (same hash and alias)
     */
    public ManagedCertificate withRenewalWindow(@Nullable RenewalWindow window) {
        return new ManagedCertificate(names, chain, privateKey, hash, managed, issuerKey, ocspStaple, window);
    }

    /**
     * Returns the host names the certificate covers, normalized, as they appear in its subject alternative names.
     *
     * @return the names (DNS names, possibly wildcards, and IP addresses); never empty
     */
    public List<String> names() {
        return names;
    }

    /**
     * Returns the chain, leaf first.
     *
     * @return the chain
     */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * Returns the chain as the array JSSE wants; a fresh copy so that no caller can alter what others are served.
     *
     * @return a copy of the chain, leaf first
     */
    public X509Certificate[] chainArray() {
        return chainArray.clone();
    }

    /**
     * Returns the leaf certificate.
     *
     * @return the leaf
     */
    public X509Certificate leaf() {
        return chainArray[0];
    }

    /**
     * Returns the leaf's private key.
     *
     * @return the key
     */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Returns the start of the leaf's validity.
     *
     * @return not-before
     */
    public Instant notBefore() {
        return notBefore;
    }

    /**
     * Returns the end of the leaf's validity.
     *
     * @return not-after
     */
    public Instant notAfter() {
        return notAfter;
    }

    /**
     * Returns the identity of the chain: lowercase hex SHA-256 over the DER of every certificate in order, as
     * CertMagic's {@code hashCertificateChain}.
     *
     * @return the hash
     */
    public String hash() {
        return hash;
    }

    /**
     * Tells whether certmagic keeps this certificate renewed.
     *
     * @return {@code false} for user-supplied certificates
     */
    public boolean managed() {
        return managed;
    }

    /**
     * Returns the key of the issuer that obtained the certificate.
     *
     * @return the issuer key, or {@code null} for unmanaged certificates
     */
    public @Nullable String issuerKey() {
        return issuerKey;
    }

    /**
     * Returns the key algorithm, which decides which handshakes the certificate can serve.
     *
     * @return the key algorithm family
     */
    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /**
     * Returns the OCSP response to staple.
     *
     * @return a copy of the DER response, or {@code null}
     */
    public byte @Nullable [] ocspStaple() {
        return ocspStaple == null ? null : ocspStaple.clone();
    }

    /**
     * Returns the CA's suggested renewal window.
     *
     * @return the window, or {@code null} when the CA gave none
     */
    public @Nullable RenewalWindow renewalWindow() {
        return renewalWindow;
    }

    /**
     * Returns the key-manager alias of this certificate, computed once so handshakes allocate nothing for it.
     *
     * @return {@code "cm-"} followed by the hash
     */
    public String alias() {
        return alias;
    }

    /**
     * Tells whether the certificate covers a host, exactly or by a wildcard name.
     *
     * @param host a normalized host name
     * @return whether one of the names matches
     */
    public boolean covers(String host) {
        for (String name : names) {
            if (HostNames.matches(name, host)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ManagedCertificate" + names + "[" + keyAlgorithm + ", notAfter=" + notAfter + ", managed=" + managed
                + ", hash=" + hash.substring(0, 12) + "]";
    }
}
