package dev.certmagic.acme;

import java.net.URL;
import java.net.http.HttpHeaders;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.DefaultConnection;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.toolbox.JSONBuilder;

/**
 * acme4j's connection, with the CA's {@code Retry-After} read on the manager's clock and kept on every error.
 *
 * <ul>
 * <li>acme4j reads the header only for {@code rateLimited}; a {@code 503} with {@code Retry-After} (RFC 8555
 * section 6.6, RFC 9110) would lose it, and the retry schedule could not honour it. Such errors become a
 * {@link RetryAfterServerException}.</li>
 * <li>acme4j turns {@code Retry-After: 120} into the response's {@code Date} (whole seconds) plus 120 s on the
 * system clock. Every decision here runs on the injected {@link Clock}, so the delay is added to that clock's
 * "now" instead: exact in seconds, and right under a virtual clock. An HTTP-date keeps its distance from the
 * response's {@code Date}, so a CA whose clock is skewed still means the delay it meant.</li>
 * </ul>
 * acme4j calls {@link #getRetryAfter()} for rate limits, renewal information and polling, so all three agree.
 */
final class RetryAfterConnection extends DefaultConnection {

    private final Clock clock;

    RetryAfterConnection(HttpConnector connector, Clock clock) {
        super(connector);
        this.clock = clock;
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

    @Override
    public Optional<Instant> getRetryAfter() {
        if (lastResponse == null) {
            return Optional.empty();
        }
        HttpHeaders headers = lastResponse.headers();
        return headers.firstValue("Retry-After").flatMap(value -> retryAt(value, headers.firstValue("Date"),
                clock.instant()));
    }

    /**
     * Reads a {@code Retry-After} value: delay-seconds from {@code now}, or an HTTP-date at its distance from the
     * response's {@code Date} (taken as absolute only when the CA sent no {@code Date}).
     */
    static Optional<Instant> retryAt(String value, Optional<String> date, Instant now) {
        String trimmed = value.trim();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            return Optional.of(now.plusSeconds(Long.parseLong(trimmed)));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (date.isEmpty()) {
                return Optional.of(at);
            }
            Duration delay = Duration.between(ZonedDateTime.parse(date.get().trim(),
                    DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), at);
            return Optional.of(delay.isNegative() ? now : now.plus(delay));
        } catch (DateTimeParseException | ArithmeticException e) {
            // An unreadable header is treated as absent; the schedule's own delay still applies.
            return Optional.empty();
        }
    }

    private AcmeServerException withRetryAfter(AcmeServerException e) {
        if (e instanceof AcmeRateLimitedException) {
            return e;
        }
        Optional<Instant> retryAfter = getRetryAfter();
        if (retryAfter.isEmpty()) {
            return e;
        }
        RetryAfterServerException kept = new RetryAfterServerException(e.getProblem(), retryAfter.get());
        kept.initCause(e);
        return kept;
    }
}
