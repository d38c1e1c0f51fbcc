package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock held by another JVM in PostgreSQL: its heartbeat keeps it for as long as the process lives, and once the
 * process is killed with SIGKILL (no chance to unlock) the lock passes to a waiting owner within the lock expiry
 * plus one poll interval, with the next fencing token. Skipped, loudly, without a PostgreSQL server.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JdbcStorageLockProcessTest {

    private static final Duration EXPIRY = Duration.ofMillis(1500);
    private static final Duration HEARTBEAT = Duration.ofMillis(250);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private static TestDatabase database;

    @TempDir
    Path temp;

    @BeforeAll
    static void connect() {
        database = TestDatabase.postgres();
    }

    @BeforeEach
    void requirePostgres() {
        database.assumeAvailable();
    }

    @AfterAll
    static void dropTables() throws Exception {
        database.drop();
    }

    @Test
    void lockOfAJvmKilledWithSigkillPassesToAWaiterWithinTheExpiry() throws Exception {
        try (JdbcStorage storage = database.builder(database.dataSource()).lockExpiry(EXPIRY)
                .heartbeatInterval(HEARTBEAT).lockPollInterval(POLL).build()) {
            storage.store("warm/up", new byte[] {1}); // creates the tables before the child races for them
            Path stderr = temp.resolve("holder.err");
            Process holder = startHolder(stderr);
            try {
                String line = firstLine(holder, stderr);
                assertThat(line).startsWith("locked ");
                String[] parts = line.split(" ");
                long holderToken = Long.parseLong(parts[2]);

                assertThat(storage.tryLock("issue_cert_example.com", EXPIRY.multipliedBy(3)))
                        .as("the living holder's heartbeat keeps its lock beyond the expiry").isFalse();

                holder.destroyForcibly();
                assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(holder.exitValue()).isEqualTo(128 + 9);
                long killed = System.nanoTime();
                boolean acquired = storage.tryLock("issue_cert_example.com", Duration.ofSeconds(30));
                Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                System.out.printf("jdbc-lock-takeover: holder SIGKILLed, lock taken over after %d ms "
                        + "(bound %d ms + %d ms margin)%n", takeover.toMillis(), EXPIRY.plus(POLL).toMillis(),
                        MARGIN.toMillis());

                assertThat(acquired).isTrue();
                assertThat(storage.fencingToken("issue_cert_example.com")).hasValue(holderToken + 1);
                assertThat(takeover).isLessThanOrEqualTo(EXPIRY.plus(POLL).plus(MARGIN));
            } finally {
                holder.destroyForcibly();
            }
        }
    }

    private Process startHolder(Path stderr) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), JdbcLockHolderMain.class.getName(),
                database.url(), database.valuesTable(), database.locksTable(), "issue_cert_example.com",
                Long.toString(EXPIRY.toMillis()), Long.toString(HEARTBEAT.toMillis()));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static String firstLine(Process process, Path stderr) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                return Optional.ofNullable(reader.readLine()).orElse("");
            } catch (IOException e) {
                return "";
            }
        });
        try {
            return line.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("The holder JVM printed nothing within 60 s; its stderr:\n"
                    + (Files.exists(stderr) ? Files.readString(stderr) : ""), e);
        }
    }
}
