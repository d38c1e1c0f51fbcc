package dev.certmagic.issuance;

import dev.certmagic.certificate.KeyType;
import java.util.Objects;

/**
 * How the flows make keys and requests.
 *
 * @param keyType the type of new certificate keys
 * @param reuseKey whether a renewal keeps the stored key (when it is of {@code keyType}) instead of making a new
 *     one; off by default, as a new key per certificate limits the damage of a leaked key
 * @param mustStaple whether to ask for the OCSP must-staple extension
 */
public record IssuancePolicy(KeyType keyType, boolean reuseKey, boolean mustStaple) {

    /** EC P-256, a new key per certificate, no must-staple. */
    public static final IssuancePolicy DEFAULT = new IssuancePolicy(KeyType.EC256, false, false);

    /**
     * Checks the components.
     *
     * @param keyType the type of new certificate keys
     * @param reuseKey whether a renewal keeps the stored key (when it is of {@code keyType}) instead of making a new
     *     one; off by default, as a new key per certificate limits the damage of a leaked key
     * @param mustStaple whether to ask for the OCSP must-staple extension
     */
    public IssuancePolicy {
        Objects.requireNonNull(keyType, "keyType");
    }
}
