package dev.certmagic.acme;

import java.net.URL;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.DefaultConnection;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.toolbox.JSONBuilder;

/**
 * acme4j's connection, keeping the CA's {@code Retry-After} on every error response. acme4j reads the header only
 * for {@code rateLimited}; a {@code 503} with {@code Retry-After} (RFC 8555 section 6.6, RFC 9110) would otherwise
 * lose it, and the retry schedule could not honour it.
 */
final class RetryAfterConnection extends DefaultConnection {

    RetryAfterConnection(HttpConnector connector) {
        super(connector);
    }

    @Override
    public int sendRequest(URL url, Session session, ZonedDateTime ifModifiedSince) throws AcmeException {
        try {
            return super.sendRequest(url, session, ifModifiedSince);
        } catch (AcmeServerException e) {
            throw withRetryAfter(e);
        }
    }

    @Override
    protected int sendSignedRequest(URL url, JSONBuilder claims, Session session, KeyPair keypair,
            URL accountLocation, String protectedBody) throws AcmeException {
        try {
            return super.sendSignedRequest(url, claims, session, keypair, accountLocation, protectedBody);
        } catch (AcmeServerException e) {
            throw withRetryAfter(e);
        }
    }

    private AcmeServerException withRetryAfter(AcmeServerException e) {
        if (e instanceof AcmeRateLimitedException || lastResponse == null) {
            return e;
        }
        Optional<Instant> retryAfter;
        try {
            retryAfter = getRetryAfter();
        } catch (RuntimeException unparsable) {
            return e;
        }
        if (retryAfter.isEmpty()) {
            return e;
        }
        RetryAfterServerException kept = new RetryAfterServerException(e.getProblem(), retryAfter.get());
        kept.initCause(e);
        return kept;
    }
}
