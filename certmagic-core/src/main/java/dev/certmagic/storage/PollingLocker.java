package dev.certmagic.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every lease-style {@link Locker} needs, so that a storage implementation only writes what is
 * particular to its medium: try once to take a lock, release one lock, keep all held locks alive.
 *
 * <p><b>Waiting.</b> {@link #lock(String)} and {@link #tryLock(String, Duration)} call
 * {@link #tryAcquire(String)} until it succeeds, the timeout passes, the thread is interrupted or the locker is
 * closed. Between attempts they wait with exponential backoff (from the first poll interval, doubling, capped at
 * the maximum poll interval, each wait jittered to between half and all of it so that contenders spread out),
 * and they wake early when this owner releases any lock. A lock released by another owner is seen at the next
 * poll, so the maximum poll interval bounds how late a contender notices it. Waiting uses the monotonic
 * {@link System#nanoTime()}, so a wall-clock jump can neither stretch nor cut a timeout; timeouts above a year
 * count as forever.
 *
 * <p><b>Heartbeat.</b> The first successful acquisition starts one daemon thread named after the heartbeat
 * thread prefix and the first eight characters of the {@linkplain #owner() owner id}; it calls
 * {@link #extendAll()} every heartbeat interval (fixed delay, so a slow medium never causes a pile-up) until
 * {@link #close()}.
 *
 * <p><b>Closing.</b> {@link #close()} marks the locker closed, wakes all waiters (which then fail with
 * {@link IllegalStateException}), stops the heartbeat thread and releases every lock named by
 * {@link #heldNames()}. A lock acquired concurrently with {@code close()} is released again and its acquisition
 * fails with {@link IllegalStateException}, so no lock outlives a closed locker.
 *
 * <p>Subclasses must be thread-safe: {@code tryAcquire} and {@code release} run on callers' threads, possibly
 * concurrently with each other and with {@code extendAll} on the heartbeat thread. Locks are not reentrant: a
 * {@code tryAcquire} for a name this owner already holds must return {@code false}.
 */
public abstract class PollingLocker implements Locker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PollingLocker.class);

    private final String owner = UUID.randomUUID().toString();
    private final String storageName;
    private final String heartbeatThreadPrefix;
    private final Duration heartbeatInterval;
    private final long firstPollNanos;
    private final long maxPollNanos;

    private final ReentrantLock state = new ReentrantLock();
    private final Condition released = state.newCondition();
    private ScheduledExecutorService heartbeat;
    private boolean closed;

    /**
     * Sets up the lifecycle; starts nothing (the heartbeat thread starts with the first lock).
     *
     * @param storageName the storage's name for the message of the exception thrown once closed, e.g.
     *     {@code "FileStorage"}
     * @param heartbeatThreadPrefix the heartbeat thread's name up to the owner id, e.g.
     *     {@code "certmagic-lock-heartbeat-"}; tests and thread dumps recognize the thread by it
     * @param heartbeatInterval how often {@link #extendAll()} runs; positive, and well below the time after which
     *     the medium considers a lock abandoned
     * @param firstPoll the first wait between two attempts; positive
     * @param maxPoll the cap of the backoff, applied from the second wait on; positive
     */
    protected PollingLocker(String storageName, String heartbeatThreadPrefix, Duration heartbeatInterval,
            Duration firstPoll, Duration maxPoll) {
        this.storageName = storageName;
        this.heartbeatThreadPrefix = heartbeatThreadPrefix;
        this.heartbeatInterval = heartbeatInterval;
        this.firstPollNanos = firstPoll.toNanos();
        this.maxPollNanos = maxPoll.toNanos();
    }

    /**
     * Returns this owner's random id, which the medium records with each lock so that an owner only ever
     * extends or releases its own locks.
     *
     * @return the owner id, a random UUID fixed for this locker's life
     */
    public final String owner() {
        return owner;
    }

    /** {@inheritDoc} */
    @Override
    public final void lock(String name) throws IOException, InterruptedException {
        acquire(name, Long.MAX_VALUE);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if this locker is or becomes closed while trying
     */
    @Override
    public final boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
        return acquire(name, nanos);
    }

    /**
     * {@inheritDoc} Wakes this owner's waiters whether or not the release reached the medium: a lock this owner
     * forgot is free to them.
     */
    @Override
    public final void unlock(String name) throws IOException {
        try {
            release(name);
        } finally {
            signalReleased();
        }
    }

    /**
     * Stops taking locks, stops the heartbeat and releases every held lock. Every lock is tried even if some
     * fail; the first failure is thrown with the others suppressed. Calling it again does nothing more.
     *
     * @throws IOException if a lock could not be released; it then expires on its own
     */
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
        for (String name : List.copyOf(heldNames())) {
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

    /**
     * Tries once, without waiting, to take the named lock for this owner, and on success remembers it so that
     * {@link #extendAll()}, {@link #release(String)} and {@link #heldNames()} see it.
     *
     * @param name the lock's name as given to {@link #lock(String)}
     * @return {@code true} if this owner now holds the lock; {@code false} if someone holds it, including
     *     another thread of this owner
     * @throws IOException if the medium failed; the wait is abandoned and the exception reaches the caller
     * @throws InterruptedException if the thread was interrupted during the attempt; the lock is then not held
     */
    protected abstract boolean tryAcquire(String name) throws IOException, InterruptedException;

    /**
     * Forgets the named lock and removes it from the medium if it is still this owner's; does nothing if this
     * owner does not hold it. Forget it first, so that the heartbeat never keeps alive a lock whose release
     * failed.
     *
     * @param name the lock's name
     * @throws IOException if the medium failed; the lock then expires on its own
     */
    protected abstract void release(String name) throws IOException;

    /**
     * Keeps every held lock alive on the medium; runs on the heartbeat thread only. A lock found taken over by
     * another owner must be forgotten. Failures should be handled (logged) here: anything thrown is logged and
     * the next heartbeat runs as planned.
     */
    protected abstract void extendAll();

    /**
     * Returns the names of the locks this owner holds now, for {@link #close()} to release.
     *
     * @return the held names; may be a live view
     */
    protected abstract Collection<String> heldNames();

    private boolean acquire(String name, long timeoutNanos) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long poll = firstPollNanos;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for lock '" + name + "'");
            }
            ensureOpen();
            if (tryAcquire(name)) {
                startHeartbeat();
                if (isClosed()) {
                    unlock(name);
                    throw closedException();
                }
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

    private void startHeartbeat() {
        state.lock();
        try {
            if (heartbeat != null || closed) {
                return;
            }
            String threadName = heartbeatThreadPrefix + owner.substring(0, 8);
            heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
            });
            long period = heartbeatInterval.toMillis();
            heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        } finally {
            state.unlock();
        }
    }

    /** Runs one heartbeat; an escaping exception would silently cancel all later ones. */
    private void beat() {
        try {
            extendAll();
        } catch (RuntimeException e) {
            LOG.warn("Lock heartbeat of this {} failed: {}", storageName, e.toString());
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

    private IllegalStateException closedException() {
        return new IllegalStateException("This " + storageName + " is closed; it no longer takes locks");
    }
}
