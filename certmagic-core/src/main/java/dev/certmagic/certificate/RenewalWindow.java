package dev.certmagic.certificate;

import java.time.Instant;
import java.util.Objects;

/**
 * The period in which the CA suggests renewing a certificate (ACME Renewal Information, RFC 9773).
 *
 * @param start the beginning of the suggested window
 * @param end the end of the suggested window; not before {@code start}
 */
public record RenewalWindow(Instant start, Instant end) {

    /**
     * Checks the bounds.
     *
     * @param start the beginning of the suggested window
     * @param end the end of the suggested window; not before {@code start}
     */
    public RenewalWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("Renewal window ends (" + end + ") before it starts (" + start + ")");
        }
    }
}
