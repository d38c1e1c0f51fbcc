package dev.certmagic.storage;

import java.net.IDN;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Builds every storage key the project uses, and is the only place that does. The layout follows CertMagic's
 * {@code KeyBuilder}, so it is familiar to anyone who ran Caddy:
 *
 * <pre>
 * certificates/&lt;issuer-key&gt;/&lt;name&gt;/&lt;name&gt;.crt | .key | .json   issued chain, private key, metadata
 * acme/&lt;issuer-key&gt;/users/&lt;email&gt;/&lt;local-part&gt;.json | .key      ACME account and its key
 * acme/&lt;issuer-key&gt;/challenge_tokens/&lt;name&gt;.json                 pending challenges, shared by a cluster
 * locks/&lt;lock-name&gt;.lock                                          cluster locks
 * ocsp/&lt;name&gt;-&lt;hash&gt;                                            OCSP staples
 * certificates/&lt;issuer-key&gt;/&lt;name&gt;/archive/&lt;name&gt;-&lt;epoch&gt;.key  keys of revoked (compromised) certificates
 * </pre>
 *
 * <p>Every variable part goes through {@link #safe(String)} exactly once, so no name from configuration or from
 * the network can add a path segment, climb out of its folder or make a file name too long.
 */
public final class StorageKeys {

    /** Prefix of all issued certificates. */
    public static final String CERTIFICATES = "certificates";

    /** Prefix of all ACME account data. */
    public static final String ACME = "acme";

    /** Folder of pending challenge data, under an issuer's {@code acme/<issuer-key>} folder (as in CertMagic). */
    public static final String CHALLENGE_TOKENS = "challenge_tokens";

    /** Prefix of cluster locks. */
    public static final String LOCKS = "locks";

    /** Prefix of OCSP staples. */
    public static final String OCSP = "ocsp";

    /** Prefix of persisted retry schedules of failed issuance. */
    public static final String RETRIES = "retries";

    /** Longest safe name kept as is; longer names are shortened and made unique with a hash. */
    static final int MAX_SAFE_LENGTH = 200;

    private static final String DEFAULT_EMAIL = "default";

    private StorageKeys() {
    }

    /**
     * Makes {@code name} safe to use as one segment of a key: surrounding white space trimmed, an
     * internationalized name turned into its ASCII (punycode) form so that {@code bücher.example} and
     * {@code bcher.example} stay distinct, lowercase,
     * {@code *} becomes {@code wildcard_}, {@code +} becomes {@code _plus_}, spaces become {@code _}, {@code :}
     * becomes {@code -}, {@code ..} is removed, and every character outside {@code [a-z0-9_@.-]} is dropped.
     * A result longer than 200 characters is cut and suffixed with a hash of the original, so distinct long
     * names stay distinct and fit in a file name.
     *
     * @param name any string, possibly hostile
     * @return a non-empty segment that is neither {@code .} nor {@code ..} and contains no {@code /}
     * @throws IllegalArgumentException if nothing usable remains of {@code name}
     */
    public static String safe(String name) {
        Objects.requireNonNull(name, "name");
        String s = toAsciiIfInternational(name.strip()).toLowerCase(Locale.ROOT)
                .replace(" ", "_")
                .replace("+", "_plus_")
                .replace("*", "wildcard_")
                .replace(":", "-");
        StringBuilder kept = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '@' || c == '.' || c == '-') {
                kept.append(c);
            }
        }
        // Removing ".." after filtering (and until none is left) so that "..%2e" or "./." cannot reassemble one.
        String result = kept.toString();
        while (result.contains("..")) {
            result = result.replace("..", "");
        }
        if (result.isEmpty() || result.equals(".")) {
            throw new IllegalArgumentException("'" + printable(name) + "' leaves no usable storage name");
        }
        if (result.length() > MAX_SAFE_LENGTH) {
            result = result.substring(0, MAX_SAFE_LENGTH - 17) + "-" + sha256Hex(name).substring(0, 16);
        }
        return result;
    }

    /**
     * Returns the key under which an ACME CA's data is kept: its directory URL's host, port and path, e.g.
     * {@code acme-v02.api.letsencrypt.org-directory}.
     *
     * @param directory the CA's ACME directory URL
     * @return a safe issuer key
     */
    public static String issuerKey(URI directory) {
        Objects.requireNonNull(directory, "directory");
        String host = directory.getHost() != null ? directory.getHost() : directory.getSchemeSpecificPart();
        StringBuilder key = new StringBuilder(host);
        if (directory.getPort() != -1) {
            key.append('-').append(directory.getPort());
        }
        String path = directory.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            key.append(path.replace('/', '-'));
        }
        return safe(key.toString());
    }

    /**
     * Returns the prefix under which all certificates from one issuer are stored.
     *
     * @param issuerKey the issuer's key, see {@link #issuerKey(URI)}
     * @return {@code certificates/<issuer-key>}
     */
    public static String certificatesPrefix(String issuerKey) {
        return CERTIFICATES + "/" + safe(issuerKey);
    }

    /**
     * Returns the folder of one site's certificate assets.
     *
     * @param issuerKey the issuer's key
     * @param name the certificate's primary name (a wildcard is allowed)
     * @return {@code certificates/<issuer-key>/<name>}
     */
    public static String sitePrefix(String issuerKey, String name) {
        return certificatesPrefix(issuerKey) + "/" + safe(name);
    }

    /**
     * Returns the key of a site's certificate chain (PEM).
     *
     * @param issuerKey the issuer's key
     * @param name the certificate's primary name
     * @return {@code certificates/<issuer-key>/<name>/<name>.crt}
     */
    public static String siteCertificate(String issuerKey, String name) {
        return siteFile(issuerKey, name, ".crt");
    }

    /**
     * Returns the key of a site's private key (PEM).
     *
     * @param issuerKey the issuer's key
     * @param name the certificate's primary name
     * @return {@code certificates/<issuer-key>/<name>/<name>.key}
     */
    public static String sitePrivateKey(String issuerKey, String name) {
        return siteFile(issuerKey, name, ".key");
    }

    /**
     * Returns the key of a site's metadata (JSON).
     *
     * @param issuerKey the issuer's key
     * @param name the certificate's primary name
     * @return {@code certificates/<issuer-key>/<name>/<name>.json}
     */
    public static String siteMetadata(String issuerKey, String name) {
        return siteFile(issuerKey, name, ".json");
    }

    /**
     * Returns the key where the next generation of a site's chain or key is staged while it replaces the current
     * one (see {@code CertificateAssets}). Go CertMagic looks only at files ending in {@code .crt}, {@code .key}
     * and {@code .json}, so it ignores these.
     *
     * @param issuerKey the issuer's key
     * @param name the certificate's primary name
     * @param extension {@code .crt} or {@code .key}
     * @return {@code certificates/<issuer-key>/<name>/<name><extension>.next}
     */
    public static String siteStaged(String issuerKey, String name, String extension) {
        return siteFile(issuerKey, name, extension) + ".next";
    }

    /**
     * Returns the key under which a site's private key is archived after its certificate was revoked for a reason
     * that forbids reusing the key (keyCompromise): kept for forensics, never loaded to issue or serve. One
     * revocation time gives one key, so archiving the same revocation twice writes the same entry.
     *
     * @param issuerKey the issuer's key
     * @param name the certificate's primary name
     * @param revokedAt when the certificate was revoked
     * @return {@code certificates/<issuer-key>/<name>/archive/<name>-<epoch-second>.key}
     */
    public static String archivedPrivateKey(String issuerKey, String name, Instant revokedAt) {
        Objects.requireNonNull(revokedAt, "revokedAt");
        return sitePrefix(issuerKey, name) + "/archive/" + safe(name + "-" + revokedAt.getEpochSecond()) + ".key";
    }

    /**
     * Returns the prefix under which all ACME accounts for one CA are stored.
     *
     * @param issuerKey the issuer's key
     * @return {@code acme/<issuer-key>/users}
     */
    public static String usersPrefix(String issuerKey) {
        return ACME + "/" + safe(issuerKey) + "/users";
    }

    /**
     * Returns the folder of one ACME account.
     *
     * @param issuerKey the issuer's key
     * @param email the account's email; empty or {@code null} for an account without one
     * @return {@code acme/<issuer-key>/users/<email>}
     */
    public static String userPrefix(String issuerKey, @Nullable String email) {
        return usersPrefix(issuerKey) + "/" + safe(emailOrDefault(email));
    }

    /**
     * Returns the key of an ACME account's registration (JSON), named as CertMagic names it: after the part of
     * the e-mail before {@code @} ({@code storageSafeUserKey} in CertMagic's {@code account.go}), so that Caddy
     * and this project find each other's accounts.
     *
     * @param issuerKey the issuer's key
     * @param email the account's email; empty or {@code null} for an account without one
     * @return {@code acme/<issuer-key>/users/<email>/<local-part>.json}
     */
    public static String userRegistration(String issuerKey, @Nullable String email) {
        return userPrefix(issuerKey, email) + "/" + safe(userFileName(email, "registration")) + ".json";
    }

    /**
     * Returns the key of an ACME account's private key (PEM), named as CertMagic names it (see
     * {@link #userRegistration(String, String)}).
     *
     * @param issuerKey the issuer's key
     * @param email the account's email; empty or {@code null} for an account without one
     * @return {@code acme/<issuer-key>/users/<email>/<local-part>.key}
     */
    public static String userPrivateKey(String issuerKey, @Nullable String email) {
        return userPrefix(issuerKey, email) + "/" + safe(userFileName(email, "private")) + ".key";
    }

    /**
     * Returns where versions of this project before CertMagic-compatible account names kept an account's
     * registration: named after the whole e-mail. Read once to migrate, never written.
     *
     * @param issuerKey the issuer's key
     * @param email the account's email; empty or {@code null} for an account without one
     * @return {@code acme/<issuer-key>/users/<email>/<email>.json}
     */
    public static String legacyUserRegistration(String issuerKey, @Nullable String email) {
        return userPrefix(issuerKey, email) + "/" + safe(emailOrDefault(email)) + ".json";
    }

    /**
     * Returns where versions of this project before CertMagic-compatible account names kept an account's
     * private key. Read once to migrate, never written.
     *
     * @param issuerKey the issuer's key
     * @param email the account's email; empty or {@code null} for an account without one
     * @return {@code acme/<issuer-key>/users/<email>/<email>.key}
     */
    public static String legacyUserPrivateKey(String issuerKey, @Nullable String email) {
        return userPrefix(issuerKey, email) + "/" + safe(emailOrDefault(email)) + ".key";
    }

    /**
     * CertMagic's file name for an account: the lowercase e-mail's part before {@code @} (what follows a
     * leading {@code @}; the whole text without one; {@code default} without an e-mail), or
     * {@code fallback} when that is empty.
     */
    private static String userFileName(@Nullable String email, String fallback) {
        String address = emailOrDefault(email).strip().toLowerCase(Locale.ROOT);
        int at = address.indexOf('@');
        String local = at < 0 ? address : at == 0 ? address.substring(1) : address.substring(0, at);
        return local.isEmpty() ? fallback : local;
    }

    /**
     * Returns the folder where the pending challenges of one CA's orders are shared with every process on this
     * storage: CertMagic's {@code distributedSolver} prefix ({@code solvers.go}), so that Caddy and this project
     * answer each other's validations.
     *
     * @param issuerKey the issuer's key
     * @return {@code acme/<issuer-key>/challenge_tokens}
     */
    public static String challengeTokensPrefix(String issuerKey) {
        return ACME + "/" + safe(issuerKey) + "/" + CHALLENGE_TOKENS;
    }

    /**
     * Returns the key where the pending challenge for one identifier is shared, as CertMagic names it.
     *
     * @param issuerKey the issuer's key
     * @param identifier the name being validated
     * @return {@code acme/<issuer-key>/challenge_tokens/<name>.json}
     */
    public static String challengeTokens(String issuerKey, String identifier) {
        return challengeTokensPrefix(issuerKey) + "/" + safe(identifier) + ".json";
    }

    /**
     * Returns the key of a cluster lock.
     *
     * @param lockName the lock's name, e.g. {@code issue_cert_example.com}
     * @return {@code locks/<lock-name>.lock}
     */
    public static String lock(String lockName) {
        return LOCKS + "/" + safe(lockName) + ".lock";
    }

    /**
     * Returns the name of the lock that guards obtaining or renewing the certificate for one name.
     *
     * @param name the certificate's primary name
     * @return {@code issue_cert_<name>}
     */
    public static String issuanceLockName(String name) {
        return "issue_cert_" + safe(name);
    }

    /**
     * Returns the key of an OCSP staple.
     *
     * @param name the certificate's first name in CertMagic's order (the common name, if any, comes first)
     * @param certificateHash CertMagic's {@code fastHash} (FNV-1a, hex) of the certificate's PEM bundle
     * @return {@code ocsp/<name>-<hash>}
     */
    public static String ocspStaple(String name, String certificateHash) {
        return OCSP + "/" + safe(name + "-" + certificateHash);
    }

    /**
     * Returns the key where the retry schedule of a name whose issuance failed is kept, so that a restart does
     * not reset the back-off.
     *
     * @param name the certificate's primary name
     * @return {@code retries/<name>.json}
     */
    public static String retryState(String name) {
        return RETRIES + "/" + safe(name) + ".json";
    }

    private static String siteFile(String issuerKey, String name, String extension) {
        return sitePrefix(issuerKey, name) + "/" + safe(name) + extension;
    }

    private static String toAsciiIfInternational(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0x7f) {
                try {
                    return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
                } catch (IllegalArgumentException e) {
                    return name; // not a valid IDN (e.g. a label over 63 characters): filtered like any other text
                }
            }
        }
        return name;
    }

    private static String emailOrDefault(@Nullable String email) {
        return email == null || email.isBlank() ? DEFAULT_EMAIL : email;
    }

    /**
     * Renders an untrusted name for an error message: control characters escaped as {@code \\uXXXX}, at most 80
     * code points, then {@code ...}. Keeps messages one line and short whatever a caller or client passed.
     *
     * @param s any string
     * @return the printable form
     */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return s.codePointCount(0, s.length()) > 80 ? out + "..." : out.toString();
    }

    private static String sha256Hex(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
