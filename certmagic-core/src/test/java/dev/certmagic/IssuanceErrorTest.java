package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.status.LastError;
import dev.certmagic.storage.FileStorage;

/**
 * An {@link Error} inside an issuance task (what a CA's endless answer once caused: {@code OutOfMemoryError} in the
 * issuance threads) still ends the task: the order no longer shows as under way, the failure is recorded with the
 * next attempt the retry schedule allows, and the caller's future completes.
 */
class IssuanceErrorTest {

    private static final String NAME = "error.example.com";

    @TempDir
    Path storageDirectory;

    @Test
    void anErrorThrownWhileIssuingCompletesTheTaskRecordsTheFailureAndSchedulesARetry() throws Exception {
        ErrorIssuer issuer = new ErrorIssuer();
        try (CertificateManager manager = CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).build()).issuer(issuer).build()) {

            CompletableFuture<Void> managed = manager.manageAsync(List.of(NAME));

            assertThatThrownBy(() -> managed.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(OutOfMemoryError.class);
            assertThat(issuer.orders).hasValue(1);
            CertificateManagerView view = manager.view();
            assertThat(view.obtaining(NAME, manager.view().clock().instant())).as("obtaining").isFalse();
            LastError error = view.lastError(NAME).orElseThrow();
            assertThat(error.message()).contains("OutOfMemoryError");
            assertThat(error.nextAttempt()).as("the retry schedule applies").isNotNull();
            assertThat(view.nextAttempt(NAME)).as("stored in milliseconds")
                    .contains(error.nextAttempt().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    /** An issuer whose order dies with an {@link OutOfMemoryError}, as one reading an endless answer did. */
    private static final class ErrorIssuer implements Issuer {

        final AtomicInteger orders = new AtomicInteger();

        @Override
        public String issuerKey() {
            return "error-issuer";
        }

        @Override
        public IssuedCertificate issue(CertificateRequest request) {
            orders.incrementAndGet();
            throw new OutOfMemoryError("Java heap space (thrown by the test's issuer)");
        }
    }
}
