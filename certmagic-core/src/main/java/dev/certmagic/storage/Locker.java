package dev.certmagic.storage;

import java.io.IOException;
import java.time.Duration;

/**
 * Named, cross-process mutual exclusion, used to make sure that exactly one instance in a cluster does a piece
 * of work (obtaining a certificate, renewing it, cleaning storage) at a time.
 *
 * <p>Every instance that shares a {@link Storage} must use the same {@code Locker} implementation; usually the
 * storage itself is the locker. Locks are held by an <em>owner</em>: one {@code Locker} instance. They are not
 * reentrant: the same owner locking a name twice blocks until the first lock is released (or, for another
 * thread of the same owner, until the lock is unlocked).
 *
 * <p>Locks must not outlive a dead holder forever. An implementation keeps a held lock alive while its owner
 * is alive (for example with a heartbeat) and lets another owner take a lock whose holder has stopped keeping it
 * alive for a bounded, documented time. Because of that, a caller that acquires a lock must check that the work
 * is still needed: a peer may have done it while the caller was waiting.
 *
 * <p>Lock names are plain names such as {@code issue_cert_example.com}; implementations make them safe for
 * their medium.
 */
public interface Locker {

    /**
     * Acquires the named lock, waiting as long as it takes. The wait can be cancelled by interrupting the thread.
     *
     * @param name the lock's name
     * @throws InterruptedException if the thread was interrupted while waiting; the lock is then not held
     * @throws IOException if the lock could not be acquired because the medium failed
     */
    void lock(String name) throws IOException, InterruptedException;

    /**
     * Acquires the named lock if it becomes free within {@code timeout}.
     *
     * @param name the lock's name
     * @param timeout how long to wait at most; {@link Duration#ZERO} tries exactly once; never negative
     * @return {@code true} if the lock is now held by this owner, {@code false} if the wait timed out
     * @throws InterruptedException if the thread was interrupted while waiting; the lock is then not held
     * @throws IOException if the medium failed
     */
    boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException;

    /**
     * Releases a lock held by this owner. Releasing a lock that this owner does not hold does nothing: in
     * particular it never removes another owner's lock.
     *
     * @param name the lock's name
     * @throws IOException if the medium failed; the lock then expires on its own once its heartbeat stops
     */
    void unlock(String name) throws IOException;
}
