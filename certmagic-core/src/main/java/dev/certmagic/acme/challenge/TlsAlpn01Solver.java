package dev.certmagic.acme.challenge;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Objects;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;
import dev.certmagic.tls.ChallengeCertificate;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;

/**
 * Solves TLS-ALPN-01 (RFC 8737): makes the self-signed challenge certificate with acme4j (one dNSName, critical
 * acmeIdentifier extension) and publishes it into the {@link ChallengeStore}, which the TLS layer reads as its
 * {@link dev.certmagic.tls.ChallengeCertificates} for SNI = that name with ALPN {@code acme-tls/1}.
 *
 * <p>The key is RSA: acme4j signs the challenge certificate with SHA256withRSA.
 */
public final class TlsAlpn01Solver implements ChallengeSolver {

    private final ChallengeStore store;

    /**
     * Creates the solver.
     *
     * @param store where pending challenges are published
     */
    public TlsAlpn01Solver(ChallengeStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String challengeType() {
        return TlsAlpn01Challenge.TYPE;
    }

    @Override
    public void present(String identifier, Challenge challenge) throws IOException {
        String name = ChallengeStore.normalize(identifier);
        KeyPair keyPair = rsaKeyPair();
        var certificate = ((TlsAlpn01Challenge) challenge).createCertificate(keyPair, Identifier.dns(name));
        store.put(PendingChallenge.tlsAlpn01(new ChallengeCertificate(name, keyPair.getPrivate(), certificate)));
    }

    @Override
    public void cleanUp(String identifier, Challenge challenge) {
        store.remove(identifier);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate RSA keys", e);
        }
    }
}
