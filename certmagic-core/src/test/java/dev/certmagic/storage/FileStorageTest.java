package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link Storage} contract on {@link FileStorage} and checks what only a file storage has: the
 * mapping to files, temporary files, lock files and their takeover.
 */
class FileStorageTest extends StorageContractTest {

    static final Duration HEARTBEAT = Duration.ofMillis(100);
    /** Short for quick takeover tests, yet ten heartbeats long, so a briefly starved heartbeat thread is fine. */
    static final Duration STALE = Duration.ofSeconds(1);

    @TempDir
    Path temp;

    private final List<FileStorage> extra = new ArrayList<>();

    @Override
    protected Storage createStorage() {
        return fastLocks(FileStorage.builder(root())).build();
    }

    @Override
    protected Storage createPeerStorage() {
        return fastLocks(FileStorage.builder(root())).build();
    }

    private Path root() {
        return temp.resolve("store");
    }

    private static FileStorage.Builder fastLocks(FileStorage.Builder builder) {
        return builder.heartbeatInterval(HEARTBEAT).staleAfter(STALE).lockPollInterval(Duration.ofMillis(20));
    }

    private FileStorage another(FileStorage.Builder builder) {
        FileStorage storage = builder.build();
        extra.add(storage);
        return storage;
    }

    @org.junit.jupiter.api.AfterEach
    void closeExtra() throws Exception {
        for (FileStorage storage : extra) {
            storage.close();
        }
    }

    private Path lockFile(String name) {
        return root().resolve(StorageKeys.lock(name));
    }

    @Test
    void keysMapToFilesBelowTheRoot() throws Exception {
        storage().store("certificates/ca/example.com/example.com.crt", "pem".getBytes(StandardCharsets.UTF_8));

        Path file = root().resolve("certificates").resolve("ca").resolve("example.com").resolve("example.com.crt");
        assertThat(file).isRegularFile().hasContent("pem");
    }

    @Test
    void buildingAStorageTouchesNothingOnDisk() {
        FileStorage storage = another(FileStorage.builder(root()));

        assertThat(storage.root()).isEqualTo(root().toAbsolutePath().normalize());
        assertThat(root()).doesNotExist();
    }

    @Test
    void orphanedTempFilesAreNeverListedAndAreSweptOnFirstUse() throws Exception {
        Path folder = root().resolve("certificates");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("kept.crt"), "value");
        Path orphan = folder.resolve(AtomicFiles.TEMP_PREFIX + "0123456789abcdef");
        Files.writeString(orphan, "half a val");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path young = root().resolve(AtomicFiles.TEMP_PREFIX + "fedcba9876543210");
        Files.writeString(young, "write in progress elsewhere");

        List<String> keys = storage().list("", true);

        assertThat(keys).containsExactlyInAnyOrder("certificates", "certificates/kept.crt");
        assertThat(orphan).doesNotExist();
        assertThat(young).as("a young temp file may belong to another process's write").exists();
    }

    @Test
    void sweepJudgesAgeWithTheInjectedClock() throws Exception {
        Files.createDirectories(root());
        Path young = root().resolve(AtomicFiles.TEMP_PREFIX + "0000000000000001");
        Files.writeString(young, "x");
        Clock anHourLater = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        FileStorage storage = another(FileStorage.builder(root()).clock(anHourLater));

        assertThat(storage.sweepOrphanedTempFiles()).isEqualTo(1);
        assertThat(young).doesNotExist();
    }

    @Test
    void aFolderHoldingOnlyTempFilesIsNotAKey() throws Exception {
        Path folder = root().resolve("ghost");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(AtomicFiles.TEMP_PREFIX + "0000000000000002"), "x");

        assertThat(storage().exists("ghost")).isFalse();
        assertThatThrownBy(() -> storage().list("ghost", false)).isInstanceOf(KeyNotFoundException.class);
        assertThat(storage().list("", false)).doesNotContain("ghost");
    }

    @Test
    void heartbeatIsStampedWithTheInjectedClock() throws Exception {
        Instant fixed = Instant.parse("2030-01-02T03:04:05.678Z");
        FileStorage storage = another(fastLocks(FileStorage.builder(root()))
                .clock(Clock.fixed(fixed, ZoneOffset.UTC)));

        storage.lock("stamped");

        LockRecord record = LockRecord.decode(Files.readAllBytes(lockFile("stamped")));
        assertThat(record).isNotNull();
        assertThat(record.heartbeat()).isEqualTo(fixed);
        assertThat(record.owner()).isEqualTo(storage.ownerId());
    }

    @Test
    void heartbeatKeepsAHeldLockAliveLongPastTheStaleBound() throws Exception {
        storage().lock("alive");
        Storage peer = peer();

        assertThat(peer.tryLock("alive", STALE.multipliedBy(2))).isFalse();
    }

    @Test
    void aLockWhoseHeartbeatStoppedIsTakenOver() throws Exception {
        Files.createDirectories(lockFile("dead").getParent());
        LockRecord dead = new LockRecord("dead-owner", "t1", Instant.now().minus(STALE.multipliedBy(2)));
        Files.write(lockFile("dead"), dead.encode());

        assertThat(storage().tryLock("dead", Duration.ZERO)).isTrue();

        LockRecord now = LockRecord.decode(Files.readAllBytes(lockFile("dead")));
        assertThat(now.owner()).isEqualTo(((FileStorage) storage()).ownerId());
    }

    @Test
    void aLockWithAFreshHeartbeatIsNotTakenOver() throws Exception {
        Files.createDirectories(lockFile("fresh").getParent());
        Files.write(lockFile("fresh"), new LockRecord("other-owner", "t1", Instant.now()).encode());

        assertThat(storage().tryLock("fresh", Duration.ZERO)).isFalse();
        assertThat(LockRecord.decode(Files.readAllBytes(lockFile("fresh"))).owner()).isEqualTo("other-owner");
    }

    @Test
    void aLockGoCertMagicWroteIsRespectedWhileFreshAndTakenOverOnceStale() throws Exception {
        Files.createDirectories(lockFile("caddy").getParent());
        // What CertMagic's createLockfile writes: json.Encoder output of lockMeta, time.Now() in a local zone.
        String fresh = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)).toString();
        Files.writeString(lockFile("caddy"), "{\"created\":\"" + fresh + "\",\"updated\":\"" + fresh + "\"}\n");

        assertThat(storage().tryLock("caddy", Duration.ZERO)).isFalse();

        String old = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)).minus(STALE.multipliedBy(2))
                .toString();
        Files.writeString(lockFile("caddy"), "{\"created\":\"" + old + "\",\"updated\":\"" + old + "\"}\n");

        assertThat(storage().tryLock("caddy", Duration.ZERO)).isTrue();
        String ours = Files.readString(lockFile("caddy"));
        assertThat(ours).matches("\\{\"created\":\"[0-9T:.-]+Z\",\"updated\":\"[0-9T:.-]+Z\",\"certmagic_java\":.*\n");
    }

    @Test
    void anEmptyOrGarbageLockFileIsTakenOverOnlyOnceItsModificationTimeIsStale() throws Exception {
        Files.createDirectories(lockFile("garbage").getParent());
        Files.write(lockFile("garbage"), new byte[0]);
        Files.writeString(lockFile("junk"), "not a lock record\n");

        assertThat(storage().tryLock("garbage", Duration.ZERO)).isFalse();
        assertThat(storage().tryLock("junk", Duration.ZERO)).isFalse();

        FileTime old = FileTime.from(Instant.now().minus(STALE.multipliedBy(2)));
        Files.setLastModifiedTime(lockFile("garbage"), old);
        Files.setLastModifiedTime(lockFile("junk"), old);

        assertThat(storage().tryLock("garbage", Duration.ZERO)).isTrue();
        assertThat(storage().tryLock("junk", Duration.ZERO)).isTrue();
    }

    @Test
    void manyContendersForOneStaleLockProduceExactlyOneWinner() throws Exception {
        int contenders = 6;
        List<FileStorage> storages = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            storages.add(another(fastLocks(FileStorage.builder(root()))));
        }
        Files.createDirectories(lockFile("prize").getParent());
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 60; round++) {
                LockRecord dead = new LockRecord("dead-" + round, "t", Instant.now().minus(STALE.multipliedBy(2)));
                Files.write(lockFile("prize"), dead.encode());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (FileStorage s : storages) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return s.tryLock("prize", Duration.ZERO);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("winners in round %d", round).isEqualTo(1);
                for (FileStorage s : storages) {
                    s.unlock("prize");
                }
                assertThat(lockFile("prize")).doesNotExist();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unlockAfterATakeoverLeavesTheNewOwnersLockInPlace() throws Exception {
        FileStorage stalled = (FileStorage) storage();
        stalled.lock("taken");
        // Simulate a holder that stalled: its record is replaced by a peer that judged it stale.
        Files.write(lockFile("taken"), new LockRecord("successor", "t9", Instant.now()).encode());

        stalled.unlock("taken");

        assertThat(LockRecord.decode(Files.readAllBytes(lockFile("taken"))).owner()).isEqualTo("successor");
    }

    @Test
    void aStalledHoldersHeartbeatNeverOverwritesItsSuccessorsLockFile() throws Exception {
        storage().lock("succeeded");
        // A peer that judged the lock stale removed it and created its own lock file (a new file).
        Files.delete(lockFile("succeeded"));
        byte[] successor = new LockRecord("successor", "t7", Instant.now()).encode();
        Files.write(lockFile("succeeded"), successor);

        Awaitility.await().during(HEARTBEAT.multipliedBy(5)).atMost(HEARTBEAT.multipliedBy(10))
                .until(() -> Arrays.equals(Files.readAllBytes(lockFile("succeeded")), successor));
        storage().unlock("succeeded");

        assertThat(lockFile("succeeded")).hasBinaryContent(successor);
    }

    @Test
    void takingALockAfterCloseIsRefused() throws Exception {
        Storage storage = storage();
        storage.close();

        assertThatThrownBy(() -> storage.lock("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void staleBoundShorterThanTwoHeartbeatsIsRejected() {
        assertThatThrownBy(() -> FileStorage.builder(root()).heartbeatInterval(Duration.ofSeconds(10))
                .staleAfter(Duration.ofSeconds(15)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("staleAfter");
    }

    @Test
    void defaultRootFollowsXdgDataHomeElseTheHomeFolder() {
        assertThat(FileStorage.defaultRoot(Map.of("XDG_DATA_HOME", "/data/xdg"), "/home/u"))
                .isEqualTo(Path.of("/data/xdg/certmagic"));
        assertThat(FileStorage.defaultRoot(Map.of(), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/certmagic"));
        assertThat(FileStorage.defaultRoot(Map.of("XDG_DATA_HOME", "relative"), "/home/u"))
                .as("the XDG spec says relative paths are invalid and must be ignored")
                .isEqualTo(Path.of("/home/u/.local/share/certmagic"));
        assertThat(FileStorage.defaultRoot()).isAbsolute().endsWithRaw(Path.of("certmagic"));
    }
}
