package dev.certmagic;

import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.acme.challenge.TlsAlpn01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.issuance.Issuer;

/**
 * Turns the builder's issuer choice into an {@link Issuer}: an ACME issuer gets the solvers whose answers this
 * manager serves, bound to its challenge store.
 */
final class IssuerAssembly {

    private IssuerAssembly() {
    }

    /**
     * The key of the issuer the builder describes, known before the issuer is built (its solvers need the
     * challenge store, which shares challenges under this key), or {@code null} without an issuer.
     */
    static String issuerKey(CertificateManagerBuilder builder) {
        if (builder.issuer != null) {
            return builder.issuer.issuerKey();
        }
        return builder.acme == null ? null : builder.acme.issuerKey();
    }

    static Issuer issuer(CertificateManagerBuilder builder, ChallengeStore challenges) {
        if (builder.issuer != null) {
            return builder.issuer;
        }
        if (builder.acme == null) {
            return null;
        }
        // A copy: the caller's builder must not grow solvers on every build of a manager.
        AcmeIssuerBuilder acme = builder.acme.copy();
        if (builder.httpChallenge) {
            acme.solver(new Http01Solver(challenges));
        }
        if (builder.tlsAlpnChallenge) {
            acme.solver(new TlsAlpn01Solver(challenges));
        }
        return acme.build(builder.storage, builder.clock);
    }
}
