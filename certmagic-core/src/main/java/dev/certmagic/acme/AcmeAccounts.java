package dev.certmagic.acme;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ACME account per CA and email, kept in {@link Storage} in Go CertMagic's files (see {@link AccountFiles}), so
 * an account Caddy made is used instead of registering anew: loaded before anything is created, registered only
 * with the user's explicit agreement to the CA's terms, and made again (with the same key) when the CA no longer
 * knows it. The account key is its own EC P-256 key, never a certificate's key, unless the operator gave one
 * ({@link AcmeIssuerBuilder#accountKey}), which must then match any stored account. Without a configured e-mail, the
 * account folder of this CA written most recently is used, as CertMagic does.
 */
final class AcmeAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeAccounts.class);

    private final Storage storage;
    private final AccountFiles files;
    private final String issuerKey;
    private final String configuredEmail;
    private final boolean agreed;
    private final String eabKeyId;
    private final String eabHmacKey;
    private final KeyPair givenKey;
    private volatile String email;

    /**
     * Creates the accounts of one CA.
     *
     * @param givenKey the operator's account key, or {@code null} to generate one for a new account
     */
    AcmeAccounts(Storage storage, String issuerKey, String email, boolean agreed, String eabKeyId,
            String eabHmacKey, KeyPair givenKey) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.issuerKey = Objects.requireNonNull(issuerKey, "issuerKey");
        this.files = new AccountFiles(storage, issuerKey);
        this.configuredEmail = email == null ? "" : email.strip();
        this.agreed = agreed;
        this.eabKeyId = eabKeyId;
        this.eabHmacKey = eabHmacKey;
        this.givenKey = givenKey;
    }

    /**
     * Returns a login for the account: the stored one if there is one, otherwise a new registration.
     *
     * @param session the ACME session
     * @return the login
     * @throws IssuanceException if the account cannot be used or made (e.g. terms not accepted)
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted while waiting for a peer's registration
     */
    Login login(Session session) throws IssuanceException, IOException, InterruptedException {
        String email = email();
        Login stored = loadLogin(session, email);
        if (stored != null) {
            return stored;
        }
        // Instances sharing storage must not register two accounts whose key and registration files interleave;
        // CertMagic's lock name, so that Caddy registering the same e-mail waits too.
        String lockName = "register_acme_account" + (email.isEmpty() ? "" : "_" + email);
        storage.lock(lockName);
        try {
            AccountFiles.Stored found = checkGivenKey(files.load(email), email);
            if (found != null && found.location() != null) {
                return session.login(found.location(), found.keyPair());
            }
            return register(session, email, found != null ? found.keyPair() : newKeyPair());
        } finally {
            storage.unlock(lockName);
        }
    }

    /** The configured e-mail, or else CertMagic's most recent account's, decided once. */
    private String email() throws IOException {
        String known = email;
        if (known != null) {
            return known;
        }
        String decided = configuredEmail;
        if (decided.isEmpty()) {
            decided = files.mostRecentEmail();
            if (!decided.isEmpty()) {
                LOG.info("No ACME e-mail configured; using the most recent account in storage for {}: {}",
                        issuerKey, decided);
            }
        }
        email = decided;
        return decided;
    }

    private Login loadLogin(Session session, String email) throws IOException, IssuanceException {
        AccountFiles.Stored found = checkGivenKey(files.load(email), email);
        return found != null && found.location() != null ? session.login(found.location(), found.keyPair()) : null;
    }

    /**
     * Registers the account again with its stored key, after the CA said it does not know it.
     *
     * @param session the ACME session
     * @return the new login
     * @throws IssuanceException if registration failed
     * @throws IOException if storage failed
     */
    Login recreate(Session session) throws IssuanceException, IOException {
        String email = email();
        LOG.warn("The CA at {} no longer knows the ACME account for {}; registering it again", issuerKey,
                AccountFiles.describe(email));
        files.forgetRegistration(email);
        AccountFiles.Stored stored = checkGivenKey(files.load(email), email);
        return register(session, email, stored != null ? stored.keyPair() : newKeyPair());
    }

    private Login register(Session session, String email, KeyPair keyPair) throws IssuanceException, IOException {
        if (!agreed) {
            String terms;
            try {
                terms = session.getMetadata().getTermsOfService().map(URI::toString).orElse("(the CA's website)");
            } catch (AcmeException e) {
                terms = "(the CA's website; the directory could not be read: " + e.getMessage() + ")";
            }
            throw new IssuanceException("Refusing to register an ACME account at " + session.getServerUri()
                    + " without your agreement to the CA's terms of service at " + terms + ". Read them and set "
                    + "agreed(true)", false, null, null);
        }
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(keyPair);
        if (!email.isEmpty()) {
            builder.addEmail(email);
        }
        if (eabKeyId != null && !eabKeyId.isBlank()) {
            builder.withKeyIdentifier(eabKeyId, eabHmacKey);
        }
        Login login;
        try {
            login = builder.createLogin(session);
        } catch (AcmeException e) {
            throw AcmeErrors.translate("Registering the ACME account", e);
        }
        files.save(email, keyPair, login.getAccountLocation());
        return login;
    }

    /**
     * Refuses a stored account whose key is not the one the operator gave. Neither is silently preferred: using the
     * stored one ignores the configuration, and overwriting it loses an account that Caddy or another instance may
     * still use. Not retryable: only the operator can settle it.
     */
    private AccountFiles.Stored checkGivenKey(AccountFiles.Stored found, String email) throws IssuanceException {
        if (givenKey == null || found == null || AccountKeys.same(found.keyPair(), givenKey)) {
            return found;
        }
        String stored = StorageKeys.userPrivateKey(issuerKey, email);
        throw new IssuanceException("Storage already holds an ACME account for " + AccountFiles.describe(email)
                + " at " + issuerKey + " (" + stored + ") whose key is not the configured accountKey(...). Either "
                + "remove accountKey(...) to keep using the stored account, or delete " + stored + " and "
                + StorageKeys.userRegistration(issuerKey, email) + " (after making sure no other server still "
                + "uses that account) so that the configured key is registered, or use another email(...).", false,
                null, null);
    }

    private KeyPair newKeyPair() {
        return givenKey != null ? givenKey : generateKeyPair();
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate EC keys", e);
        }
    }
}
