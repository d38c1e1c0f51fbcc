package dev.certmagic;

import dev.certmagic.acme.challenge.ChallengeStore;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.acme.challenge.TlsAlpn01Solver;
import dev.certmagic.issuance.Issuer;

/**
 * Turns the builder's issuer choice into an {@link Issuer}: an ACME issuer gets the solvers whose answers this
 * manager serves, bound to its challenge store.
 */
final class IssuerAssembly {

    private IssuerAssembly() {
    }

    static Issuer issuer(CertificateManagerBuilder builder, ChallengeStore challenges) {
        if (builder.issuer != null) {
            return builder.issuer;
        }
        if (builder.acme == null) {
            return null;
        }
        if (builder.httpChallenge) {
            builder.acme.solver(new Http01Solver(challenges));
        }
        if (builder.tlsAlpnChallenge) {
            builder.acme.solver(new TlsAlpn01Solver(challenges));
        }
        return builder.acme.build(builder.storage, builder.clock);
    }
}
