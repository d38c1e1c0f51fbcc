package dev.certmagic.autoconfigure;

import static dev.certmagic.autoconfigure.CertMagicApplicationPebbleTest.awaitReadiness;
import static dev.certmagic.autoconfigure.CertMagicApplicationPebbleTest.dnsNames;
import static dev.certmagic.autoconfigure.ClusterInstances.httpsPort;
import static dev.certmagic.autoconfigure.ClusterInstances.obtainedNames;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.CertificateManager;
import dev.certmagic.event.CertificateObtainingEvent;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A cluster member killed with SIGKILL while it holds the issuance lock of a name (it is a separate JVM,
 * {@link ClusterMemberMain}): the Spring instance waiting for the same name takes the lock over within the lock
 * expiry and finishes the order. Skipped, loudly, without a PostgreSQL server.
 */
@WithPebble(authzReuse = 0)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterLockTakeoverPebbleTest {

    private static final Duration EXPIRY = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    /** JdbcStorage's default longest pause between two attempts at a busy lock. */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration MARGIN = Duration.ofSeconds(3);

    static Pebble pebble;

    private static ClusterDatabase database;

    @TempDir
    Path scratch;

    private ClusterInstances instances;
    private Process member;

    @BeforeAll
    static void connect() {
        database = ClusterDatabase.connect();
    }

    @AfterAll
    static void dropTables() throws Exception {
        database.drop();
    }

    @BeforeEach
    void requirePostgres() throws Exception {
        database.assumeAvailable();
        instances = new ClusterInstances(pebble, database, scratch);
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (member != null && member.isAlive()) {
            member.destroyForcibly();
            member.waitFor(30, TimeUnit.SECONDS);
        }
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void theLockOfAMemberKilledWhileOrderingPassesToTheOtherInstanceWhichFinishesTheOrder() throws Exception {
        ConfigurableApplicationContext survivor = instances.startReachable("survivor.takeover.cluster.example",
                database.dataSource(), "certmagic.storage.jdbc.lock-expiry=" + EXPIRY.toMillis() + "ms",
                "certmagic.storage.jdbc.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms");
        awaitReadiness(survivor);
        String name = "killed.takeover.cluster.example";
        CertificateManager manager = survivor.getBean(CertificateManager.class);
        AtomicLong lockTakenAt = new AtomicLong();
        manager.addListener(event -> {
            if (event instanceof CertificateObtainingEvent obtaining && obtaining.names().contains(name)) {
                lockTakenAt.compareAndSet(0, System.nanoTime());
            }
        });

        Path stderr = scratch.resolve("member.err");
        BlockingQueue<String> lines = startMember(name, stderr);
        String first = awaitReport(lines, Duration.ofSeconds(60));
        assertThat(first).as("the member's first line; its stderr:%n%s", Files.exists(stderr)
                ? Files.readString(stderr) : "").isEqualTo("obtaining " + name);
        CompletableFuture<Void> managed = manager.manageAsync(List.of(name));

        member.destroyForcibly();
        assertThat(member.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        assertThat(member.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(lines).as("the member died before finishing its order").doesNotContain("obtained " + name);

        managed.get(90, TimeUnit.SECONDS);
        Duration takeover = Duration.ofNanos(lockTakenAt.get() - killedAt);
        System.out.printf("cluster-takeover: member SIGKILLed while ordering, survivor took the lock after %d ms "
                + "(bound %d ms + %d ms margin)%n", takeover.toMillis(), EXPIRY.plus(POLL).toMillis(),
                MARGIN.toMillis());
        assertThat(lockTakenAt.get()).as("the survivor took the lock").isNotZero();
        assertThat(takeover).as("the survivor waited while the member lived, then at most the expiry")
                .isPositive().isLessThanOrEqualTo(EXPIRY.plus(POLL).plus(MARGIN));
        assertThat(obtainedNames(survivor)).as("the survivor finished the order itself").contains(name);
        assertThat(dnsNames(new TlsClient(pebble.issuingRoots()).leafFor(httpsPort(survivor), name)))
                .containsExactly(name);
    }

    /** The member's next report line; its log lines (on standard output too) are skipped. */
    private static String awaitReport(BlockingQueue<String> lines, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        for (String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS); line != null;
                line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            if (line.startsWith("obtaining ") || line.startsWith("obtained ")) {
                return line;
            }
        }
        return null;
    }

    private BlockingQueue<String> startMember(String name, Path stderr) throws Exception {
        Path trust = Files.write(scratch.resolve("member-trust.pem"), pebble.trustPem());
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ClusterMemberMain.class.getName(),
                database.url(), database.valuesTable(), database.locksTable(), Long.toString(EXPIRY.toMillis()),
                Long.toString(HEARTBEAT.toMillis()), pebble.directoryUrl(), trust.toString(), name);
        member = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The member died; the test sees no further lines.
            }
        }, "cluster-member-stdout");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
