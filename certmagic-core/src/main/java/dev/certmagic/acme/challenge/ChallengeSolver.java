package dev.certmagic.acme.challenge;

import java.io.IOException;

import org.shredzone.acme4j.challenge.Challenge;

/**
 * Makes one type of ACME challenge answerable before the CA is told to validate, and cleans up afterwards: the
 * port of CertMagic's solvers ({@code solvers.go}).
 */
public interface ChallengeSolver {

    /**
     * Returns the ACME challenge type this solver handles.
     *
     * @return e.g. {@code http-01}
     */
    String challengeType();

    /**
     * Tells whether this solver can validate {@code identifier}: only DNS-01 can validate a wildcard.
     *
     * @param identifier the name, {@code *.}-prefixed for a wildcard authorization
     * @return {@code true} if the solver applies
     */
    default boolean supports(String identifier) {
        return !identifier.startsWith("*.");
    }

    /**
     * Publishes the answer and returns once the CA may validate.
     *
     * @param identifier the name being validated ({@code *.}-prefixed for wildcards)
     * @param challenge the challenge, of {@link #challengeType()}
     * @throws IOException if the answer could not be published
     * @throws InterruptedException if interrupted while waiting (e.g. for DNS propagation)
     */
    void present(String identifier, Challenge challenge) throws IOException, InterruptedException;

    /**
     * Removes the answer; called after validation whatever its outcome. Failures are logged, not thrown.
     *
     * @param identifier the name that was validated
     * @param challenge the challenge
     */
    void cleanUp(String identifier, Challenge challenge);
}
