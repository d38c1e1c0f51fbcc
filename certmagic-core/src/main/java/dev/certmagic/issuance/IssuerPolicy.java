package dev.certmagic.issuance;

/**
 * How a manager with several issuers picks the order in which it asks them (CertMagic's {@code IssuerPolicy}).
 * Whatever the policy, an order that fails at one issuer moves on to the next within the same attempt.
 */
public enum IssuerPolicy {

    /**
     * Always in the configured order: the first issuer is the preferred CA, the others are fallbacks, and every
     * renewal goes back to the first one as soon as it is available again.
     */
    FIRST,

    /**
     * In a random order chosen anew for each attempt: load spread across CAs that are equally good.
     */
    FIRST_RANDOM
}
