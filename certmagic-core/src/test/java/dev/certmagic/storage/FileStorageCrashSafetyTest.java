package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: child JVMs store framed values in a loop and are killed with SIGKILL at random points; no key
 * may afterwards hold a truncated or corrupt value, and the temporary files of interrupted writes are invisible
 * and get swept.
 */
class FileStorageCrashSafetyTest {

    private static final int KILLS = 200;
    private static final int PARALLEL = 2;
    private static final int KEYS_PER_CHILD = 4;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void childrenKilledWithSigkillMidWriteNeverLeaveACorruptValue() throws Exception {
        Path root = temp.resolve("store");
        int kills = 0;
        long sequence = 0;
        while (kills < KILLS) {
            List<ChildJvm> children = new ArrayList<>();
            try {
                for (int c = 0; c < PARALLEL; c++) {
                    children.add(ChildJvm.start(CrashWriterMain.class, temp.resolve("child-" + c + ".err"),
                            root.toString(), "crash/child" + c, Integer.toString(KEYS_PER_CHILD),
                            Long.toString(sequence)));
                    sequence += 1_000_000;
                }
                for (ChildJvm child : children) {
                    assertThat(child.awaitLine(Duration.ofSeconds(60))).isEqualTo("ready");
                }
                for (ChildJvm child : children) {
                    // A random moment in the write loop, not a wait for a condition: where the kill lands is the
                    // point of the test.
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 60));
                    assertThat(child.kill()).as("exit value of a SIGKILLed JVM").isEqualTo(SIGKILL_EXIT);
                    kills++;
                }
            } finally {
                for (ChildJvm child : children) {
                    child.close();
                }
            }
        }
        long orphans = countTempFiles(root);

        int checked = 0;
        int corrupt = 0;
        try (FileStorage storage = FileStorage.builder(root).orphanedTempFileAge(Duration.ZERO).build()) {
            List<String> keys = storage.list("crash", true);
            assertThat(keys).noneMatch(key -> key.contains(KeyPaths.INTERNAL_PREFIX));
            for (String key : keys) {
                if (!storage.stat(key).terminal()) {
                    continue;
                }
                checked++;
                if (!FramedValue.isIntact(storage.load(key))) {
                    corrupt++;
                }
            }
        }
        System.out.printf("crash-safety: %d SIGKILLs, %d corrupt values, %d keys checked, "
                + "%d orphaned temp files from interrupted writes%n", kills, corrupt, checked, orphans);

        assertThat(kills).isGreaterThanOrEqualTo(KILLS);
        assertThat(corrupt).isZero();
        assertThat(checked).as("every child stored at least its first key").isGreaterThanOrEqualTo(PARALLEL);
        assertThat(orphans).as("some kills must have landed in the middle of a write").isPositive();
        assertThat(countTempFiles(root)).as("orphans swept on first use").isZero();
    }

    @Test
    void framedValuesDetectTruncationAndDamage() {
        byte[] value = FramedValue.of(42);
        byte[] damaged = value.clone();
        damaged[damaged.length / 2] ^= 1;

        assertThat(FramedValue.isIntact(value)).isTrue();
        assertThat(FramedValue.isIntact(java.util.Arrays.copyOf(value, value.length - 1))).isFalse();
        assertThat(FramedValue.isIntact(damaged)).isFalse();
        assertThat(FramedValue.isIntact(new byte[value.length])).isFalse();
    }

    private static long countTempFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(AtomicFiles.TEMP_PREFIX)).count();
        }
    }
}
