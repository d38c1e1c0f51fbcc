package dev.certmagic.autoconfigure;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.certmagic.acme.AcmeIssuer;

/**
 * Resolves {@code certmagic.ca}: the aliases of the public CAs, any ACME directory URL, or {@code internal} (the
 * local CA). The terms URLs are
 * static on purpose: asking the CA's directory for them would need the network before startup may fail.
 */
final class CertificateAuthorities {

    private static final Map<String, URI> DIRECTORIES = Map.of(
            "letsencrypt", AcmeIssuer.LETS_ENCRYPT_PRODUCTION,
            "letsencrypt-staging", AcmeIssuer.LETS_ENCRYPT_STAGING,
            "zerossl", AcmeIssuer.ZEROSSL);

    private static final Map<String, String> TERMS = Map.of(
            "letsencrypt", "https://letsencrypt.org/repository/",
            "letsencrypt-staging", "https://letsencrypt.org/repository/",
            "zerossl", "https://zerossl.com/terms/");

    /** The value of {@code certmagic.ca} (or an issuer entry's {@code ca}) that selects the local CA. */
    static final String INTERNAL = "internal";

    private CertificateAuthorities() {
    }

    /** Whether the value selects the local CA instead of an ACME CA. */
    static boolean isInternal(String ca) {
        return INTERNAL.equals(alias(ca));
    }

    /**
     * Whether the value names one of the public CAs (which only issue for publicly resolvable names): by alias, or
     * by a directory URL on a public CA's host (as CertMagic's {@code PreCheck} recognises them).
     */
    static boolean isPublic(String ca) {
        return DIRECTORIES.containsKey(alias(ca)) || directory(ca).map(AcmeIssuer::isPublicCa).orElse(false);
    }

    /** The directory URL of an alias, or the value itself parsed as an absolute https/http URL. */
    static Optional<URI> directory(String ca) {
        URI known = DIRECTORIES.get(alias(ca));
        if (known != null) {
            return Optional.of(known);
        }
        try {
            URI uri = URI.create(ca.trim());
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Where a human reads the CA's subscriber agreement, when we know it without asking the CA. */
    static String termsOf(String ca) {
        String terms = TERMS.get(alias(ca));
        return terms != null ? terms : "the terms of service in the CA's ACME directory (" + ca + ")";
    }

    private static String alias(String ca) {
        return ca == null ? "" : ca.trim().toLowerCase(Locale.ROOT);
    }
}
