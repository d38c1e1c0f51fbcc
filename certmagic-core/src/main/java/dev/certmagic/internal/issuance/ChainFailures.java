package dev.certmagic.internal.issuance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuerFailure;
import dev.certmagic.status.LastError;

/**
 * The failures of one attempt across an issuer chain, in the order the issuers were asked, and the one failure
 * the attempt reports when no issuer issued. Not thread-safe: one attempt runs on one thread.
 */
final class ChainFailures {

    private final List<IssuerFailure> failures = new ArrayList<>();
    private final List<IssuanceException> causes = new ArrayList<>();

    /** Records that an issuer failed, with the time it failed. */
    void add(String issuerKey, IssuanceException cause, Instant time) {
        failures.add(new IssuerFailure(issuerKey, LastError.messageOf(cause), time, cause.retryable(),
                cause.retryAfter().orElse(null)));
        causes.add(cause);
    }

    /** The failures so far, for events and the status view. */
    List<IssuerFailure> failures() {
        return List.copyOf(failures);
    }

    /**
     * The failure of the whole attempt. With one issuer it is that issuer's own failure, unchanged. With several,
     * it names each issuer and its reason; it is retryable when any issuer's failure is (that issuer may issue
     * next time), and it carries a {@code Retry-After} only when every retryable issuer asked for one: the
     * earliest, since the chain may try again as soon as one of them allows it.
     */
    IssuanceException combined(List<String> names) {
        if (causes.size() == 1) {
            return causes.get(0);
        }
        StringBuilder message = new StringBuilder("No issuer could issue a certificate for ").append(names);
        boolean retryable = false;
        boolean everyRetryableWaits = true;
        Instant earliest = null;
        for (int i = 0; i < failures.size(); i++) {
            IssuerFailure failure = failures.get(i);
            message.append(i == 0 ? ": " : "; ").append(failure.issuerKey()).append(": ")
                    .append(failure.message());
            if (failure.retryable()) {
                retryable = true;
                if (failure.retryAfter() == null) {
                    everyRetryableWaits = false;
                } else if (earliest == null || failure.retryAfter().isBefore(earliest)) {
                    earliest = failure.retryAfter();
                }
            }
        }
        Instant retryAfter = retryable && everyRetryableWaits ? earliest : null;
        return new IssuanceException(message.toString(), retryable, retryAfter, causes.get(causes.size() - 1));
    }
}
