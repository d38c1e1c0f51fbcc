package dev.certmagic.acme;

import java.net.URI;

import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries an ACME call again when it still fails with {@code badNonce}. acme4j already retries each request up to
 * ten times; a CA that rejects many nonces (Pebble does so on purpose) can still exhaust that over the dozens of
 * requests of one order, and giving up then would throw away an order that is otherwise fine.
 */
final class NonceRetry {

    /** How many times a whole call is made at most. */
    static final int ATTEMPTS = 3;

    private static final URI BAD_NONCE = URI.create("urn:ietf:params:acme:error:badNonce");

    private static final Logger LOG = LoggerFactory.getLogger(NonceRetry.class);

    private NonceRetry() {
    }

    /** One ACME call. */
    @FunctionalInterface
    interface AcmeCall<T> {
        T call() throws AcmeException;
    }

    /** An ACME call without a result. */
    @FunctionalInterface
    interface AcmeAction {
        void run() throws AcmeException;
    }

    static <T> T call(AcmeCall<T> call) throws AcmeException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (AcmeServerException e) {
                if (attempt >= ATTEMPTS || !BAD_NONCE.equals(e.getType())) {
                    throw e;
                }
                LOG.debug("The CA rejected every nonce of one request; trying the call again ({}/{})", attempt + 1,
                        ATTEMPTS);
            }
        }
    }

    static void run(AcmeAction action) throws AcmeException {
        call(() -> {
            action.run();
            return null;
        });
    }
}
