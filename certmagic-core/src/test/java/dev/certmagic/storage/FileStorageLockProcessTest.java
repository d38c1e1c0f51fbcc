package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks across real processes: a lock held by another JVM excludes this one for as long as the holder's
 * heartbeat runs, a holder killed with SIGKILL loses the lock within the documented bound (stale bound plus
 * one poll interval after its last heartbeat), JVMs racing for one stale lock produce exactly one winner, and
 * locked read-modify-write cycles from three JVMs lose no update.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FileStorageLockProcessTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    private static final Duration STALE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Scheduling slack on a loaded two-core machine; the bound itself is STALE + POLL. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private static final int CONTENDERS = 5;

    @TempDir
    Path temp;

    @Test
    void lockHeldByAnotherJvmExcludesUsAndIsTakenOverWithinTheBoundAfterSigkill() throws Exception {
        Path root = temp.resolve("store");
        try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, temp.resolve("holder.err"), root.toString(),
                "issue_cert_example.com", Long.toString(HEARTBEAT.toMillis()), Long.toString(STALE.toMillis()));
                FileStorage storage = FileStorage.builder(root).heartbeatInterval(HEARTBEAT).staleAfter(STALE)
                        .lockPollInterval(POLL).build()) {
            String line = holder.awaitLine(Duration.ofSeconds(60));
            assertThat(line).startsWith("locked ");
            String holderId = line.substring("locked ".length());

            assertThat(storage.tryLock("issue_cert_example.com", STALE.multipliedBy(3)))
                    .as("the holder's heartbeat keeps its lock for longer than the stale bound").isFalse();
            Path lockFile = root.resolve(StorageKeys.lock("issue_cert_example.com"));
            assertThat(LockRecord.decode(Files.readAllBytes(lockFile)).owner()).isEqualTo(holderId);

            assertThat(holder.kill()).isEqualTo(128 + 9);
            long killed = System.nanoTime();
            boolean acquired = storage.tryLock("issue_cert_example.com", Duration.ofSeconds(30));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf("lock-takeover: holder SIGKILLed, lock taken over after %d ms "
                    + "(bound %d ms + %d ms margin)%n", takeover.toMillis(), STALE.plus(POLL).toMillis(),
                    MARGIN.toMillis());

            assertThat(acquired).isTrue();
            assertThat(LockRecord.decode(Files.readAllBytes(lockFile)).owner()).isEqualTo(storage.ownerId());
            assertThat(takeover).isLessThanOrEqualTo(STALE.plus(POLL).plus(MARGIN));
            assertThat(takeover).as("a lock is not taken over while its last heartbeat is still fresh")
                    .isGreaterThanOrEqualTo(STALE.dividedBy(4));
        }
    }

    @Test
    void jvmsRacingForOneStaleLockProduceExactlyOneWinnerEachRound() throws Exception {
        Path root = temp.resolve("store");
        Path lockFile = root.resolve(StorageKeys.lock("stale"));
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int c = 0; c < CONTENDERS; c++) {
                children.add(ChildJvm.start(LockContenderMain.class, temp.resolve("contender-" + c + ".err"),
                        root.toString(), "stale", Long.toString(HEARTBEAT.toMillis()),
                        Long.toString(STALE.toMillis())));
            }
            for (ChildJvm child : children) {
                assertThat(child.awaitLine(Duration.ofSeconds(60))).isEqualTo("ready");
            }
            Files.createDirectories(lockFile.getParent());
            for (int round = 0; round < 60; round++) {
                LockRecord dead = new LockRecord("dead-" + round, "t", Instant.now().minus(STALE.multipliedBy(2)));
                Files.write(lockFile, dead.encode());
                for (ChildJvm child : children) {
                    child.send("try");
                }
                int winners = 0;
                for (ChildJvm child : children) {
                    winners += child.awaitLine(Duration.ofSeconds(30)).equals("won") ? 1 : 0;
                }
                assertThat(winners).as("winners in round %d", round).isEqualTo(1);
                for (ChildJvm child : children) {
                    child.send("unlock");
                    assertThat(child.awaitLine(Duration.ofSeconds(30))).isEqualTo("unlocked");
                }
                assertThat(lockFile).doesNotExist();
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    @Test
    void lockedIncrementsFromThreeJvmsAreNeverLost() throws Exception {
        Path root = temp.resolve("store");
        int perProcess = 40;
        List<ChildJvm> children = new ArrayList<>();
        try (FileStorage storage = FileStorage.builder(root).lockPollInterval(Duration.ofMillis(20)).build()) {
            for (int c = 0; c < 2; c++) {
                children.add(ChildJvm.start(LockCounterMain.class, temp.resolve("counter-" + c + ".err"),
                        root.toString(), "counter", "counter/value", Integer.toString(perProcess)));
            }
            LockCounterMain.increment(storage, "counter", "counter/value", perProcess);
            for (ChildJvm child : children) {
                assertThat(child.awaitLine(Duration.ofSeconds(90))).isEqualTo("done");
            }

            assertThat(new String(storage.load("counter/value"), StandardCharsets.UTF_8))
                    .isEqualTo(Integer.toString(3 * perProcess));
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }
}
