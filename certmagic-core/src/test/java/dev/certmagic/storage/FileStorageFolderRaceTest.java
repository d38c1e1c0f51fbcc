package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting the last key of a folder prunes the folder; a store into that folder at the same moment must still
 * succeed. Found against Caddy: five challenges published and removed at once under one {@code challenge_tokens}
 * folder failed a store with {@code FileAlreadyExistsException} on the folder, which the JDK's
 * {@code createDirectories} throws when the folder it found existing is gone by the time it checks it.
 */
class FileStorageFolderRaceTest {

    @TempDir
    Path root;

    @Test
    void storesIntoAFolderThatConcurrentDeletesPruneAllSucceed() throws Exception {
        int threads = 4;
        int rounds = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FileStorage storage = FileStorage.builder(root).build()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "acme/ca/challenge_tokens/name-" + t + ".json";
                Callable<Integer> worker = () -> {
                    for (int i = 0; i < rounds; i++) {
                        storage.store(key, ("round " + i).getBytes(StandardCharsets.UTF_8));
                        storage.delete(key);
                    }
                    return rounds;
                };
                results.add(pool.submit(worker));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(rounds);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
