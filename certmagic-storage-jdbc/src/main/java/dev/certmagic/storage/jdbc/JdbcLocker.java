package dev.certmagic.storage.jdbc;

import dev.certmagic.storage.PollingLocker;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link dev.certmagic.storage.Locker} half of {@link JdbcStorage}: takes locks in {@link LockStore},
 * remembers the locks this owner holds with their fencing tokens and extends them on every heartbeat; the
 * polling, the heartbeat thread and closing are {@link PollingLocker}'s.
 *
 * <p>A lock is taken with an expiry of {@code lockExpiry} on the database's clock and extended by the same
 * amount every {@code heartbeatInterval}. A holder that dies, hangs or loses the database stops extending, and
 * its lock is free to others {@code lockExpiry} after the last extension that reached the database. The
 * decision whether a lock has expired is the database's alone.
 *
 * <p>{@link #unlock(String)} forgets the lock before it tells the database: if the database cannot be reached,
 * the heartbeat no longer extends the lock and it expires by itself, so a lock is never kept alive for an owner
 * that released it.
 */
final class JdbcLocker extends PollingLocker {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLocker.class);

    private static final Duration FIRST_POLL = Duration.ofMillis(10);

    private final LockStore store;
    private final Database database;
    private final long expiryMillis;

    /** Held locks by name, with the fencing token the database gave each. */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    /** Touched only by the heartbeat thread: whether the last heartbeat failed, to log an outage once. */
    private boolean heartbeatFailing;

    JdbcLocker(LockStore store, Database database, Duration lockExpiry, Duration heartbeatInterval,
            Duration maxPoll) {
        super("JdbcStorage", "certmagic-jdbc-lock-heartbeat-", heartbeatInterval, FIRST_POLL, maxPoll);
        this.store = store;
        this.database = database;
        this.expiryMillis = lockExpiry.toMillis();
    }

    OptionalLong fencingToken(String name) {
        Long token = held.get(name);
        return token == null ? OptionalLong.empty() : OptionalLong.of(token);
    }

    @Override
    protected boolean tryAcquire(String name) throws IOException {
        if (held.containsKey(name)) {
            return false; // not reentrant: another thread of this owner holds it
        }
        OptionalLong token = store.tryAcquire(name, owner(), expiryMillis);
        if (token.isEmpty()) {
            return false;
        }
        held.put(name, token.getAsLong());
        return true;
    }

    @Override
    protected void release(String name) throws IOException {
        Long token = held.remove(name);
        if (token != null) {
            store.release(name, owner(), token);
        }
    }

    @Override
    protected Collection<String> heldNames() {
        return held.keySet();
    }

    /** Extends every held lock; runs on the heartbeat thread. */
    @Override
    protected void extendAll() {
        if (held.isEmpty()) {
            return;
        }
        try (Connection connection = database.connect()) {
            for (Map.Entry<String, Long> lock : held.entrySet()) {
                String name = lock.getKey();
                long token = lock.getValue();
                if (!store.extend(connection, name, owner(), token, expiryMillis) && held.remove(name, token)) {
                    LOG.error("Lost lock '{}' (fencing token {}): it expired and another owner took it, probably "
                            + "because this instance could not reach the database or stalled for longer than {} ms",
                            name, token, expiryMillis);
                }
            }
            if (heartbeatFailing) {
                heartbeatFailing = false;
                LOG.info("Lock heartbeats reach the database again");
            }
        } catch (IOException | SQLException | RuntimeException e) {
            String reason = e instanceof SQLException ? SqlFailures.describe((SQLException) e) : e.toString();
            if (!heartbeatFailing) {
                heartbeatFailing = true;
                LOG.warn("Could not extend the locks of this JdbcStorage; they expire within {} ms if this keeps "
                        + "failing (further failures are logged at debug level): {}", expiryMillis, reason);
            } else {
                LOG.debug("Lock heartbeat failed again: {}", reason);
            }
        }
    }
}
