package dev.certmagic.acme.challenge;

import java.io.IOException;
import java.util.Objects;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.challenge.PendingChallenge;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;

/**
 * Solves HTTP-01 by publishing the token into the {@link ChallengeStore}; the application's HTTP port answers
 * through {@link Http01Responder}.
 */
public final class Http01Solver implements ChallengeSolver {

    private final ChallengeStore store;

    /**
     * Creates the solver.
     *
     * @param store where pending challenges are published
     */
    public Http01Solver(ChallengeStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public String challengeType() {
        return Http01Challenge.TYPE;
    }

    @Override
    public void present(String identifier, Challenge challenge) throws IOException {
        Http01Challenge http = (Http01Challenge) challenge;
        store.put(PendingChallenge.http01(ChallengeStore.normalize(identifier), http.getToken(),
                http.getAuthorization(), http.getLocation().toString()));
    }

    @Override
    public void cleanUp(String identifier, Challenge challenge) {
        store.remove(identifier);
    }
}
