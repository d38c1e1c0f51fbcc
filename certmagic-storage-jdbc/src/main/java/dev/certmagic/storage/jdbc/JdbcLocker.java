package dev.certmagic.storage.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link dev.certmagic.storage.Locker} half of {@link JdbcStorage}: polls {@link LockStore} until a lock is
 * free, remembers the locks this owner holds and keeps them alive with a heartbeat on a daemon thread that starts
 * with the first lock and stops in {@link #close()}.
 *
 * <p>A lock is taken with an expiry of {@code lockExpiry} on the database's clock and extended by the same
 * amount every {@code heartbeatInterval}. A holder that dies, hangs or loses the database stops extending, and
 * its lock is free to others {@code lockExpiry} after the last extension that reached the database. Waiting
 * uses the monotonic {@link System#nanoTime()}, so a clock jump can neither stretch nor cut a timeout; the
 * decision whether a lock has expired is the database's alone.
 *
 * <p>{@link #unlock(String)} forgets the lock before it tells the database: if the database cannot be reached,
 * the heartbeat no longer extends the lock and it expires by itself, so a lock is never kept alive for an owner
 * that released it.
 */
final class JdbcLocker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcLocker.class);

    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final LockStore store;
    private final Database database;
    private final long expiryMillis;
    private final Duration heartbeatInterval;
    private final long maxPollNanos;
    private final String owner = UUID.randomUUID().toString();

    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private final ReentrantLock state = new ReentrantLock();
    private final Condition released = state.newCondition();
    private ScheduledExecutorService heartbeat;
    private boolean closed;
    /** Touched only by the heartbeat thread: whether the last heartbeat failed, to log an outage once. */
    private boolean heartbeatFailing;

    JdbcLocker(LockStore store, Database database, Duration lockExpiry, Duration heartbeatInterval,
            Duration maxPoll) {
        this.store = store;
        this.database = database;
        this.expiryMillis = lockExpiry.toMillis();
        this.heartbeatInterval = heartbeatInterval;
        this.maxPollNanos = maxPoll.toNanos();
    }

    String owner() {
        return owner;
    }

    OptionalLong fencingToken(String name) {
        Long token = held.get(name);
        return token == null ? OptionalLong.empty() : OptionalLong.of(token);
    }

    void lock(String name) throws IOException, InterruptedException {
        acquire(name, Long.MAX_VALUE);
    }

    boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
        return acquire(name, nanos);
    }

    void unlock(String name) throws IOException {
        Long token = held.remove(name);
        if (token == null) {
            return;
        }
        try {
            store.release(name, owner, token);
        } finally {
            signalReleased();
        }
    }

    @Override
    public void close() throws IOException {
        ScheduledExecutorService stopping;
        state.lock();
        try {
            closed = true;
            stopping = heartbeat;
            heartbeat = null;
            released.signalAll();
        } finally {
            state.unlock();
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        IOException failure = null;
        for (String name : held.keySet()) {
            try {
                unlock(name);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Extends every held lock; runs on the heartbeat thread. */
    void extendAll() {
        if (held.isEmpty()) {
            return;
        }
        try (Connection connection = database.connect()) {
            for (Map.Entry<String, Long> lock : held.entrySet()) {
                String name = lock.getKey();
                long token = lock.getValue();
                if (!store.extend(connection, name, owner, token, expiryMillis) && held.remove(name, token)) {
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

    private boolean acquire(String name, long timeoutNanos) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long poll = FIRST_POLL_NANOS;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for lock '" + name + "'");
            }
            ensureOpen();
            if (attempt(name)) {
                return true;
            }
            long remaining = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE
                    : timeoutNanos - (System.nanoTime() - start);
            if (remaining <= 0) {
                return false;
            }
            long jittered = poll / 2 + ThreadLocalRandom.current().nextLong(poll / 2 + 1);
            awaitRelease(Math.min(jittered, remaining));
            poll = Math.min(poll * 2, maxPollNanos);
        }
    }

    private boolean attempt(String name) throws IOException {
        if (held.containsKey(name)) {
            return false; // not reentrant: another thread of this owner holds it
        }
        OptionalLong token = store.tryAcquire(name, owner, expiryMillis);
        if (token.isEmpty()) {
            return false;
        }
        held.put(name, token.getAsLong());
        startHeartbeat();
        if (isClosed()) {
            unlock(name);
            throw closedException();
        }
        return true;
    }

    private void startHeartbeat() {
        state.lock();
        try {
            if (heartbeat != null || closed) {
                return;
            }
            String threadName = "certmagic-jdbc-lock-heartbeat-" + owner.substring(0, 8);
            heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
            });
            long period = heartbeatInterval.toMillis();
            heartbeat.scheduleWithFixedDelay(this::extendAll, period, period, TimeUnit.MILLISECONDS);
        } finally {
            state.unlock();
        }
    }

    private void awaitRelease(long nanos) throws InterruptedException {
        state.lock();
        try {
            if (!closed) {
                released.awaitNanos(nanos);
            }
        } finally {
            state.unlock();
        }
    }

    private void signalReleased() {
        state.lock();
        try {
            released.signalAll();
        } finally {
            state.unlock();
        }
    }

    private boolean isClosed() {
        state.lock();
        try {
            return closed;
        } finally {
            state.unlock();
        }
    }

    private void ensureOpen() {
        if (isClosed()) {
            throw closedException();
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("This JdbcStorage is closed; it no longer takes locks");
    }
}
