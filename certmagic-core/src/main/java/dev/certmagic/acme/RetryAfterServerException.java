package dev.certmagic.acme;

import java.time.Instant;
import java.util.Optional;

import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeServerException;

/**
 * A problem document from the CA that came with a {@code Retry-After} header, other than {@code rateLimited}
 * (which acme4j already reports with its time). The typical case is {@code 503 Service Unavailable} during
 * maintenance or overload: acme4j 4 drops the header there, so {@link RetryAfterConnection} keeps it.
 */
final class RetryAfterServerException extends AcmeServerException {

    /** Version of the serialized form. */
    private static final long serialVersionUID = 1L;

    /** When the CA expects the request to succeed again. */
    private final Instant retryAfter;

    RetryAfterServerException(Problem problem, Instant retryAfter) {
        super(problem);
        this.retryAfter = retryAfter;
    }

    Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
