package dev.certmagic.storage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process of {@link FileStorageLockProcessTest}: takes a lock, prints {@code locked <owner-id>} and then
 * holds it (with heartbeats) until it is killed.
 *
 * <p>Arguments: storage root, lock name, heartbeat interval in ms, stale bound in ms.
 */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    /**
     * Holds the lock until killed; see the class comment for the arguments.
     *
     * @param args the arguments
     * @throws Exception if storage fails, which ends the child with a stack trace on its stderr
     */
    public static void main(String[] args) throws Exception {
        FileStorage storage = FileStorage.builder(Path.of(args[0]))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[2])))
                .staleAfter(Duration.ofMillis(Long.parseLong(args[3])))
                .lockPollInterval(Duration.ofMillis(50))
                .build();
        storage.lock(args[1]);
        System.out.println("locked " + storage.ownerId());
        System.out.flush();
        Thread.currentThread().join(); // hold the lock until SIGKILL
    }
}
