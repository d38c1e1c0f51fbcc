package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The issuance pool completes every task's future, whatever the task throws: a caller waiting on it (the manager's
 * retries, the status it reports) is never left waiting by a task that died.
 */
class ManagerThreadsTest {

    @Test
    void aTaskThatThrowsAnErrorCompletesItsFutureWithThatError() throws Exception {
        try (ManagerThreads threads = new ManagerThreads(1)) {
            AssertionError thrown = new AssertionError("thrown by the task");

            CompletableFuture<Object> result = threads.submit(() -> {
                throw thrown;
            });

            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isSameAs(thrown);
            assertThat(threads.submit(() -> "next").get(10, TimeUnit.SECONDS))
                    .as("the pool still runs tasks").isEqualTo("next");
        }
    }
}
