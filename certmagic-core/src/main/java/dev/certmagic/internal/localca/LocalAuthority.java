package dev.certmagic.internal.localca;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A local CA's signing material: its self-signed root and the intermediate that signs leaf certificates, as
 * Caddy's PKI app keeps them. Immutable.
 *
 * @param root the self-signed root, the trust anchor clients install
 * @param rootKey the root's private key; it signs intermediates only
 * @param intermediate the intermediate, signed by the root
 * @param intermediateKey the intermediate's private key; it signs leaf certificates
 */
public record LocalAuthority(X509Certificate root, PrivateKey rootKey, X509Certificate intermediate,
        PrivateKey intermediateKey) {

    /**
     * Checks the parts.
     *
     * @param root the root
     * @param rootKey the root's key
     * @param intermediate the intermediate
     * @param intermediateKey the intermediate's key
     */
    public LocalAuthority {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(rootKey, "rootKey");
        Objects.requireNonNull(intermediate, "intermediate");
        Objects.requireNonNull(intermediateKey, "intermediateKey");
    }

    /**
     * Tells whether the intermediate must be replaced before it signs another leaf: once less than half of its
     * lifetime remains, or less than one leaf lifetime, so that every leaf it signs gets its full lifetime.
     *
     * @param now the current time
     * @param leafLifetime the lifetime of the leaf certificates
     * @return whether a new intermediate is due
     */
    public boolean intermediateDue(Instant now, Duration leafLifetime) {
        Instant notBefore = intermediate.getNotBefore().toInstant();
        Instant notAfter = intermediate.getNotAfter().toInstant();
        Instant half = notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
        return !now.isBefore(half) || !now.plus(leafLifetime).isBefore(notAfter);
    }

    /**
     * Tells whether the root itself can no longer sign an intermediate that outlives a leaf.
     *
     * @param now the current time
     * @param leafLifetime the lifetime of the leaf certificates
     * @return whether the root has (nearly) expired
     */
    public boolean rootExpired(Instant now, Duration leafLifetime) {
        return !now.plus(leafLifetime).isBefore(root.getNotAfter().toInstant());
    }
}
