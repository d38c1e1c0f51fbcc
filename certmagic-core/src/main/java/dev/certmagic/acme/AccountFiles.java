package dev.certmagic.acme;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME account files of one CA, in Go CertMagic's format, so that Caddy and this project share accounts:
 * {@code acme/<issuer-key>/users/<email>/<local-part>.key} (the account key, PEM) and {@code .json} (CertMagic's
 * {@code acme.Account}: {@code status}, {@code contact}, {@code termsOfServiceAgreed}, {@code location}).
 *
 * <p>Accounts that earlier versions of this project wrote under the whole e-mail ({@code <email>.key} and
 * {@code .json}) are read when the new names are missing and copied to them once, with a log line; the old files
 * are kept, so an older instance sharing the storage keeps working.
 */
final class AccountFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AccountFiles.class);

    private static final String NO_EMAIL_FOLDER = "default";

    private final Storage storage;
    private final String issuerKey;

    AccountFiles(Storage storage, String issuerKey) {
        this.storage = storage;
        this.issuerKey = issuerKey;
    }

    /**
     * What storage holds of one account.
     *
     * @param keyPair the account key
     * @param location the account URL, {@code null} if the registration is missing or unreadable (the key is then
     *     reused for a new registration)
     */
    record Stored(KeyPair keyPair, URL location) {
    }

    /**
     * Loads the account of {@code email}, migrating it from the old names if only those exist.
     *
     * @param email the e-mail, empty for an account without one
     * @return the account, or {@code null} if storage holds no key for it
     * @throws IOException if storage failed or a key is damaged
     */
    Stored load(String email) throws IOException {
        byte[] keyPem = loadOrNull(StorageKeys.userPrivateKey(issuerKey, email));
        if (keyPem != null) {
            return new Stored(keyPair(keyPem), location(loadOrNull(StorageKeys.userRegistration(issuerKey, email))));
        }
        String legacyKey = StorageKeys.legacyUserPrivateKey(issuerKey, email);
        if (legacyKey.equals(StorageKeys.userPrivateKey(issuerKey, email))) {
            return null; // no e-mail: both schemes name the files default.key and default.json
        }
        byte[] legacyPem = loadOrNull(legacyKey);
        if (legacyPem == null) {
            return null;
        }
        KeyPair keyPair = keyPair(legacyPem);
        URL location = location(loadOrNull(StorageKeys.legacyUserRegistration(issuerKey, email)));
        if (location != null) {
            save(email, keyPair, location);
            LOG.info("Migrated the ACME account of {} at {} to CertMagic's file names ({} and .json); the old files "
                    + "are kept", describe(email), issuerKey, StorageKeys.userPrivateKey(issuerKey, email));
        }
        return new Stored(keyPair, location);
    }

    /**
     * Writes an account: key first, then the registration that points to it, so that a crash in between leaves
     * a key that the next registration reuses.
     *
     * @param email the e-mail, empty for an account without one
     * @param keyPair the account key
     * @param location the account URL the CA gave
     * @throws IOException if storage failed
     */
    void save(String email, KeyPair keyPair, URL location) throws IOException {
        storage.store(StorageKeys.userPrivateKey(issuerKey, email), PemCodec.writePrivateKey(keyPair.getPrivate()));
        JSONBuilder registration = new JSONBuilder().put("status", "valid");
        if (!email.isEmpty()) {
            registration.array("contact", List.of("mailto:" + email));
        }
        registration.put("termsOfServiceAgreed", true).put("location", location.toString());
        storage.store(StorageKeys.userRegistration(issuerKey, email),
                registration.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Forgets the registration of an account the CA no longer knows; the key stays for the new registration.
     *
     * @param email the e-mail, empty for an account without one
     * @throws IOException if storage failed
     */
    void forgetRegistration(String email) throws IOException {
        storage.delete(StorageKeys.userRegistration(issuerKey, email));
    }

    /**
     * CertMagic's choice when no e-mail is configured: the account folder of this CA written most recently
     * ({@code mostRecentAccountEmail} in CertMagic's {@code account.go}), and the e-mail of its first contact.
     *
     * @return that e-mail, or empty if there is no account folder or the newest one has no e-mail
     * @throws IOException if storage failed
     */
    String mostRecentEmail() throws IOException {
        List<String> keys;
        try {
            keys = storage.list(StorageKeys.usersPrefix(issuerKey), false);
        } catch (KeyNotFoundException none) {
            return ""; // no account for this CA yet
        }
        List<KeyInfo> folders = new ArrayList<>();
        for (String key : keys) {
            try {
                KeyInfo info = storage.stat(key);
                if (!info.terminal()) { // a stray file (.DS_Store) is no account, as CertMagic found out
                    folders.add(info);
                }
            } catch (KeyNotFoundException gone) {
                // deleted meanwhile
            }
        }
        if (folders.isEmpty()) {
            return "";
        }
        folders.sort(Comparator.comparing(KeyInfo::modified).reversed());
        String key = folders.get(0).key();
        String folder = key.substring(key.lastIndexOf('/') + 1);
        if (folder.equals(NO_EMAIL_FOLDER)) {
            return "";
        }
        String contact = contact(loadOrNull(StorageKeys.userRegistration(issuerKey, folder)));
        return contact != null ? contact : folder;
    }

    static String describe(String email) {
        return email.isEmpty() ? "(no e-mail)" : email;
    }

    private byte[] loadOrNull(String key) throws IOException {
        try {
            return storage.load(key);
        } catch (KeyNotFoundException e) {
            return null;
        }
    }

    private static KeyPair keyPair(byte[] pem) throws IOException {
        PrivateKey key = PemCodec.readPrivateKey(pem);
        return new KeyPair(PublicKeys.derive(key), key);
    }

    private static URL location(byte[] registration) {
        if (registration == null) {
            return null;
        }
        try {
            return JSON.parse(new String(registration, StandardCharsets.UTF_8)).get("location").asURL();
        } catch (RuntimeException damaged) {
            return null; // registered anew with the same key, which the CA answers with the existing account
        }
    }

    private static String contact(byte[] registration) {
        if (registration == null) {
            return null;
        }
        try {
            JSON.Array contacts = JSON.parse(new String(registration, StandardCharsets.UTF_8)).get("contact")
                    .asArray();
            if (contacts.isEmpty()) {
                return null;
            }
            String first = contacts.get(0).asString();
            return first.substring(first.indexOf(':') + 1).strip().toLowerCase(Locale.ROOT);
        } catch (RuntimeException damaged) {
            return null;
        }
    }
}
