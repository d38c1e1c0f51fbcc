package dev.certmagic;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.acme.challenge.TlsAlpn01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.issuance.IssuerChain;
import dev.certmagic.issuance.Issuer;

/**
 * Turns the builder's issuer chain into an {@link IssuerChain}: each ACME issuer gets the solvers whose answers this
 * manager serves, bound to its challenge store.
 */
final class IssuerAssembly {

    private IssuerAssembly() {
    }

    /**
     * The key of the chain's first issuer, known before the issuers are built (their solvers need the challenge
     * store, which shares challenges under this key for the whole chain: peers configured alike use the same
     * key), or {@code null} without an issuer.
     */
    static String issuerKey(CertificateManagerBuilder builder) {
        if (builder.issuers.isEmpty()) {
            return null;
        }
        Object first = builder.issuers.get(0);
        return first instanceof Issuer issuer ? issuer.issuerKey() : ((AcmeIssuerBuilder) first).issuerKey();
    }

    /** The issuer chain the builder describes, or {@code null} without an issuer. */
    static IssuerChain issuers(CertificateManagerBuilder builder, ChallengeStore challenges) {
        if (builder.issuers.isEmpty()) {
            return null;
        }
        List<Issuer> chain = new ArrayList<>();
        for (Object entry : builder.issuers) {
            chain.add(entry instanceof Issuer issuer ? issuer : acme((AcmeIssuerBuilder) entry, builder, challenges));
        }
        return new IssuerChain(chain, builder.issuerPolicy, new SecureRandom());
    }

    private static Issuer acme(AcmeIssuerBuilder configured, CertificateManagerBuilder builder,
            ChallengeStore challenges) {
        // A copy: the caller's builder must not grow solvers on every build of a manager.
        AcmeIssuerBuilder acme = configured.copy();
        if (builder.httpChallenge) {
            acme.solver(new Http01Solver(challenges));
        }
        if (builder.tlsAlpnChallenge) {
            acme.solver(new TlsAlpn01Solver(challenges));
        }
        return acme.build(builder.storage, builder.clock);
    }
}
