package dev.certmagic.status;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The last failed attempt to obtain or renew a certificate for a name, fit to show an operator. The message is
 * the failure's own message, single-line, shortened, and cut before anything that looks like PEM: no stack trace,
 * no exception class, no key material.
 *
 * @param message what went wrong
 * @param time when it failed
 * @param attempt how many attempts in a row have failed
 * @param nextAttempt when the next attempt may start; {@code null} when the failure is not retried
 */
public record LastError(String message, Instant time, int attempt, @Nullable Instant nextAttempt) {

    /** The longest message kept; CA problem documents can be long, and a status page is not a log. */
    public static final int MAX_MESSAGE_LENGTH = 300;

    /**
     * Checks the required parts.
     *
     * @param message what went wrong
     * @param time when it failed
     * @param attempt how many attempts in a row have failed
     * @param nextAttempt when the next attempt may start; {@code null} when the failure is not retried
     */
    public LastError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Builds the operator-facing message of a failure: its message only (or its type's simple name when it has
     * none), on one line, without anything from a PEM marker on, at most {@value #MAX_MESSAGE_LENGTH} characters.
     *
     * @param failure the failure
     * @return the message
     */
    public static String messageOf(Throwable failure) {
        if (failure == null) {
            return "unknown failure";
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int pem = message.indexOf("-----BEGIN");
        if (pem >= 0) {
            message = message.substring(0, pem) + "[PEM removed]";
        }
        message = message.replaceAll("\\s+", " ").strip();
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
        }
        return message;
    }
}
