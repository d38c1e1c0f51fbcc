package dev.certmagic.autoconfigure.ssl;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * A Spring {@link SslBundle} over a fixed set of managed certificates: an in-memory key store holding each under its
 * first name, and no trust store, so a client built from the bundle trusts what the JVM trusts (which includes the
 * public CAs that issue these certificates).
 *
 * <p>The key store is built on first use, not when the bundle is made: a bundle is made on every certificate change,
 * on the thread that cached the certificate, and most are never read. It is a JKS store because PKCS#12 derives a key
 * per entry with 10,000 PBKDF2 rounds (about 20 ms for one P-256 key here, against 0.25 ms), and its password only
 * guards an in-memory copy of keys that storage holds unencrypted anyway; it is random per process so that no fixed
 * string suggests otherwise, and reaches consumers through {@link SslStoreBundle#getKeyStorePassword()}.
 */
final class ManagedCertificatesBundle implements SslBundle {

    private static final String PASSWORD = randomPassword();

    private final List<ManagedCertificate> certificates;
    private final @Nullable String alias;
    private volatile @Nullable SslBundle built;

    /**
     * @param certificates the certificates, possibly none
     * @param alias the alias the key manager must use, or {@code null} to let it choose among all
     */
    ManagedCertificatesBundle(List<ManagedCertificate> certificates, @Nullable String alias) {
        this.certificates = List.copyOf(certificates);
        this.alias = alias;
    }

    /**
     * Returns the alias a certificate has in the key stores built here.
     *
     * @param certificate the certificate
     * @return its first name
     */
    static String aliasOf(ManagedCertificate certificate) {
        return certificate.names().get(0);
    }

    @Override
    public SslStoreBundle getStores() {
        return built().getStores();
    }

    @Override
    public SslBundleKey getKey() {
        return built().getKey();
    }

    @Override
    public SslOptions getOptions() {
        return SslOptions.NONE;
    }

    @Override
    public String getProtocol() {
        return SslBundle.DEFAULT_PROTOCOL;
    }

    @Override
    public SslManagerBundle getManagers() {
        return built().getManagers();
    }

    @Override
    public String toString() {
        return "certmagic bundle of " + certificates.stream().map(ManagedCertificatesBundle::aliasOf).toList();
    }

    private SslBundle built() {
        SslBundle bundle = built;
        if (bundle == null) {
            synchronized (this) {
                bundle = built;
                if (bundle == null) {
                    bundle = build();
                    built = bundle;
                }
            }
        }
        return bundle;
    }

    private SslBundle build() {
        try {
            KeyStore keyStore = KeyStore.getInstance("JKS");
            keyStore.load(null, null);
            for (ManagedCertificate certificate : certificates) {
                // Two certificates may share a first name while a renewal overlaps; neither may hide the other.
                String entry = keyStore.containsAlias(aliasOf(certificate)) ? "cm-" + certificate.hash()
                        : aliasOf(certificate);
                keyStore.setKeyEntry(entry, certificate.privateKey(), PASSWORD.toCharArray(),
                        certificate.chain().toArray(X509Certificate[]::new));
            }
            return SslBundle.of(SslStoreBundle.of(keyStore, PASSWORD, null), SslBundleKey.of(PASSWORD, alias));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build an in-memory key store for " + this, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
