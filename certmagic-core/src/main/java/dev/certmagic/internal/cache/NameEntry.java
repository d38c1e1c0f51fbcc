package dev.certmagic.internal.cache;

import java.util.Collection;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;

/**
 * What one name maps to: at most one certificate per key type, so that an ECDSA and an RSA certificate for the
 * same name can both be served. Immutable: a change publishes a new entry, so a reader sees either the old or the
 * new certificate, never a half-made state.
 */
final class NameEntry {

    private final ManagedCertificate ec;
    private final ManagedCertificate rsa;
    private final ManagedCertificate other;

    /** An entry holding nothing, the start of every name. */
    static final NameEntry EMPTY = new NameEntry(null, null, null);

    private NameEntry(ManagedCertificate ec, ManagedCertificate rsa, ManagedCertificate other) {
        this.ec = ec;
        this.rsa = rsa;
        this.other = other;
    }

    ManagedCertificate get(KeyAlgorithm type) {
        return switch (type) {
            case EC -> ec;
            case RSA -> rsa;
            case OTHER -> other;
        };
    }

    NameEntry with(ManagedCertificate certificate) {
        return switch (certificate.keyAlgorithm()) {
            case EC -> new NameEntry(certificate, rsa, other);
            case RSA -> new NameEntry(ec, certificate, other);
            case OTHER -> new NameEntry(ec, rsa, certificate);
        };
    }

    NameEntry without(ManagedCertificate certificate) {
        return new NameEntry(ec == certificate ? null : ec, rsa == certificate ? null : rsa,
                other == certificate ? null : other);
    }

    boolean isEmpty() {
        return ec == null && rsa == null && other == null;
    }

    void addTo(Collection<ManagedCertificate> target) {
        if (ec != null) {
            target.add(ec);
        }
        if (rsa != null) {
            target.add(rsa);
        }
        if (other != null) {
            target.add(other);
        }
    }
}
