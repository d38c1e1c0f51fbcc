package dev.certmagic.acme;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ACME account per CA and email, kept in {@link Storage} ({@code acme/<issuer-key>/users/<email>/}): loaded
 * before anything is created, registered only with the user's explicit agreement to the CA's terms, and made
 * again (with the same key) when the CA no longer knows it. The account key is its own EC P-256 key, never a
 * certificate's key.
 */
final class AcmeAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeAccounts.class);

    private final Storage storage;
    private final String issuerKey;
    private final String email;
    private final boolean agreed;
    private final String eabKeyId;
    private final String eabHmacKey;

    AcmeAccounts(Storage storage, String issuerKey, String email, boolean agreed, String eabKeyId,
            String eabHmacKey) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.issuerKey = Objects.requireNonNull(issuerKey, "issuerKey");
        this.email = email == null ? "" : email.strip();
        this.agreed = agreed;
        this.eabKeyId = eabKeyId;
        this.eabHmacKey = eabHmacKey;
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
        Login stored = loadLogin(session);
        if (stored != null) {
            return stored;
        }
        // Instances sharing storage must not register two accounts whose key and registration files interleave.
        String lockName = "acme_account_" + issuerKey + "_" + (email.isEmpty() ? "default" : email);
        storage.lock(lockName);
        try {
            stored = loadLogin(session);
            if (stored != null) {
                return stored;
            }
            KeyPair key = loadKeyPair();
            return register(session, key != null ? key : generateKeyPair());
        } finally {
            storage.unlock(lockName);
        }
    }

    private Login loadLogin(Session session) throws IOException {
        KeyPair stored = loadKeyPair();
        URL location = stored != null ? loadLocation() : null;
        return location != null ? session.login(location, stored) : null;
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
        LOG.warn("The CA at {} no longer knows the ACME account for {}; registering it again", issuerKey,
                email.isEmpty() ? "(no email)" : email);
        storage.delete(StorageKeys.userRegistration(issuerKey, email));
        KeyPair stored = loadKeyPair();
        return register(session, stored != null ? stored : generateKeyPair());
    }

    private Login register(Session session, KeyPair keyPair) throws IssuanceException, IOException {
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
        // Key first, then the registration that points to it: a crash in between leaves a key that is reused.
        storage.store(StorageKeys.userPrivateKey(issuerKey, email), PemCodec.writePrivateKey(keyPair.getPrivate()));
        String registration = new JSONBuilder().put("location", login.getAccountLocation().toString())
                .put("email", email).put("directory", session.getServerUri().toString()).toString();
        storage.store(StorageKeys.userRegistration(issuerKey, email),
                registration.getBytes(StandardCharsets.UTF_8));
        return login;
    }

    private KeyPair loadKeyPair() throws IOException {
        byte[] pem;
        try {
            pem = storage.load(StorageKeys.userPrivateKey(issuerKey, email));
        } catch (KeyNotFoundException e) {
            return null;
        }
        PrivateKey key = PemCodec.readPrivateKey(pem);
        return new KeyPair(PublicKeys.derive(key), key);
    }

    private URL loadLocation() throws IOException {
        try {
            JSON json = JSON.parse(new String(storage.load(StorageKeys.userRegistration(issuerKey, email)),
                    StandardCharsets.UTF_8));
            return json.get("location").asURL();
        } catch (KeyNotFoundException e) {
            return null;
        } catch (RuntimeException damaged) {
            return null;
        }
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
