package dev.certmagic.acme.challenge;

import java.io.IOException;
import java.util.Objects;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;
import dev.certmagic.internal.challenge.TlsAlpnChallengeCertificates;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Solves TLS-ALPN-01 (RFC 8737): makes the self-signed challenge certificate with acme4j (one dNSName, critical
 * acmeIdentifier extension) and publishes it into the {@link ChallengeStore}, which the TLS layer reads as its
 * {@link dev.certmagic.tls.ChallengeCertificates} for SNI = that name with ALPN {@code acme-tls/1}.
 *
 * <p>The store shares the key authorization with peers (Caddy included), which answer the CA's handshake when it
 * reaches them instead.
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

    /**
     * Declines wildcards and IP addresses: an IP identifier is validated with a reverse-DNS SNI name and an IP
     * SAN (RFC 8738, section 6), which this solver's certificates do not carry; HTTP-01 validates IP addresses.
     */
    @Override
    public boolean supports(String identifier) {
        return !identifier.startsWith("*.") && !dev.certmagic.certificate.HostNames.isIpAddress(identifier);
    }

    @Override
    public void present(String identifier, Challenge challenge) throws IOException {
        TlsAlpn01Challenge tlsAlpn = (TlsAlpn01Challenge) challenge;
        String name = ChallengeStore.normalize(identifier);
        // The certificate is made from the key authorization alone, exactly as a peer (or Caddy) rebuilds it from
        // the shared challenge file, so every process on the storage serves an equivalent certificate.
        store.put(PendingChallenge.tlsAlpn01(tlsAlpn.getJSON().get("token").optional().map(JSON.Value::asString)
                .orElse(null), tlsAlpn.getAuthorization(), tlsAlpn.getLocation().toString(),
                TlsAlpnChallengeCertificates.create(name, tlsAlpn.getAuthorization())));
    }

    @Override
    public void cleanUp(String identifier, Challenge challenge) {
        store.remove(identifier);
    }
}
