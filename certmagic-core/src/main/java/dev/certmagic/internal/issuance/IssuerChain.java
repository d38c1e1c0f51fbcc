package dev.certmagic.internal.issuance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.certmagic.issuance.IssuerPolicy;
import dev.certmagic.issuance.Issuer;

/**
 * The issuers of one manager, in configured order, and the policy that orders them for each attempt: CertMagic's
 * {@code Config.Issuers} with its {@code IssuerPolicy}. Immutable; the random order of {@link IssuerPolicy#FIRST_RANDOM}
 * is drawn per attempt.
 */
public final class IssuerChain {

    private final List<Issuer> issuers;
    private final IssuerPolicy policy;
    private final RandomGenerator random;

    /**
     * Creates a chain.
     *
     * @param issuers the issuers, preferred first; at least one, with distinct issuer keys (each keeps its
     *     certificates under its own key, so two with one key would overwrite each other's)
     * @param policy the order of each attempt
     * @param random the source of the random order
     */
    public IssuerChain(List<Issuer> issuers, IssuerPolicy policy, RandomGenerator random) {
        this.issuers = List.copyOf(issuers);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        if (this.issuers.isEmpty()) {
            throw new IllegalArgumentException("An issuer chain needs at least one issuer");
        }
        Set<String> keys = new HashSet<>();
        for (Issuer issuer : this.issuers) {
            if (!keys.add(issuer.issuerKey())) {
                throw new IllegalArgumentException("Two issuers of the chain share the issuer key "
                        + issuer.issuerKey() + ": their certificates would overwrite each other in storage");
            }
        }
    }

    /**
     * A chain of one issuer: the shorthand of a manager with a single CA.
     *
     * @param issuer the issuer
     * @return the chain
     */
    public static IssuerChain of(Issuer issuer) {
        return new IssuerChain(List.of(issuer), IssuerPolicy.FIRST, RandomGenerator.getDefault());
    }

    /**
     * Returns the issuers in the order one attempt asks them.
     *
     * @return the order for this attempt
     */
    public List<Issuer> attemptOrder() {
        if (policy == IssuerPolicy.FIRST || issuers.size() == 1) {
            return issuers;
        }
        List<Issuer> shuffled = new ArrayList<>(issuers);
        Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
        return List.copyOf(shuffled);
    }

    /**
     * Returns the issuers in configured order.
     *
     * @return all issuers, preferred first
     */
    public List<Issuer> issuers() {
        return issuers;
    }

    /**
     * Returns the first configured issuer: the one whose key names state shared by the whole chain (challenges
     * for peers, on-demand sites).
     *
     * @return the first issuer
     */
    public Issuer first() {
        return issuers.get(0);
    }

    /**
     * Finds the issuer that stores its certificates under a key.
     *
     * @param issuerKey an issuer key, e.g. of a stored certificate
     * @return the issuer, or empty when none of the chain uses that key
     */
    public Optional<Issuer> byKey(String issuerKey) {
        return issuers.stream().filter(issuer -> issuer.issuerKey().equals(issuerKey)).findFirst();
    }
}
