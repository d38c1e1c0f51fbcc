package dev.certmagic.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process of {@link FileStorageLockProcessTest}: increments a counter stored in the storage, under the
 * lock, a number of times (read, add one, write back: updates get lost unless the lock excludes the others).
 * Prints {@code done} at the end.
 *
 * <p>Arguments: storage root, lock name, counter key, increments.
 */
public final class LockCounterMain {

    private LockCounterMain() {
    }

    /**
     * Runs the increments; see the class comment for the arguments.
     *
     * @param args the arguments
     * @throws Exception if storage fails, which ends the child with a stack trace on its stderr
     */
    public static void main(String[] args) throws Exception {
        try (FileStorage storage = FileStorage.builder(Path.of(args[0]))
                .lockPollInterval(Duration.ofMillis(20)).build()) {
            increment(storage, args[1], args[2], Integer.parseInt(args[3]));
        }
        System.out.println("done");
        System.out.flush();
    }

    static void increment(Storage storage, String lock, String key, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            storage.lock(lock);
            try {
                int value;
                try {
                    value = Integer.parseInt(new String(storage.load(key), StandardCharsets.UTF_8));
                } catch (KeyNotFoundException e) {
                    value = 0;
                }
                storage.store(key, Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8));
            } finally {
                storage.unlock(lock);
            }
        }
    }
}
