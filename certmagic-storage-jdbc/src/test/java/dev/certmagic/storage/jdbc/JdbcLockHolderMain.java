package dev.certmagic.storage.jdbc;

import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Child process of {@link JdbcStorageLockProcessTest}: takes a lock in PostgreSQL, prints
 * {@code locked <owner-id> <fencing-token>} and then holds it (with heartbeats) until it is killed.
 *
 * <p>Arguments: JDBC URL, values table, locks table, lock name, lock expiry in ms, heartbeat interval in ms.
 */
public final class JdbcLockHolderMain {

    private JdbcLockHolderMain() {
    }

    /**
     * Runs the holder.
     *
     * @param args see the class comment
     * @throws Exception if the lock cannot be taken
     */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        JdbcStorage storage = JdbcStorage.builder(dataSource).tables(args[1], args[2])
                .lockExpiry(Duration.ofMillis(Long.parseLong(args[4])))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[5])))
                .build();
        storage.lock(args[3]);
        System.out.println("locked " + storage.ownerId() + " " + storage.fencingToken(args[3]).orElseThrow());
        System.out.flush();
        Thread.currentThread().join(); // hold the lock until SIGKILL
    }
}
