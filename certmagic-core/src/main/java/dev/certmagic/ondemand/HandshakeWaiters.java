package dev.certmagic.ondemand;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * The handshake threads that wait for an undecided on-demand name, bounded in total and per name.
 *
 * <p>A waiting handshake holds a server worker thread (Tomcat and Jetty run the TLS handshake on their request
 * pool). Unbounded, a flood of handshakes for fresh names behind a slow ask endpoint or CA holds every worker, and
 * then a handshake for a name that is already served, which never reaches on-demand, still finds no thread to run
 * on. So at most {@code maxWaiting} threads wait at once, at most {@code maxWaitingPerName} of them for one name,
 * each for at most the handshake timeout; a handshake beyond either bound fails at once (the decision and the order
 * go on, so a retry a little later finds the certificate). With {@code maxWaiting} zero no handshake ever waits:
 * the first handshakes of a new name fail until its certificate is ready.
 *
 * <p>No lock: a semaphore for the total, and a map of per-name counts that never holds more than
 * {@code maxWaiting} names (an entry exists only while a thread waits for that name).
 */
final class HandshakeWaiters {

    private final Semaphore total;

    private final int maxWaiting;

    private final int maxWaitingPerName;

    private final Duration timeout;

    private final ConcurrentMap<String, Integer> perName = new ConcurrentHashMap<>();

    private final LongAdder timeouts = new LongAdder();

    private final LongAdder refused = new LongAdder();

    HandshakeWaiters(int maxWaiting, int maxWaitingPerName, Duration timeout) {
        this.maxWaiting = maxWaiting;
        this.maxWaitingPerName = maxWaitingPerName;
        this.total = new Semaphore(maxWaiting);
        this.timeout = timeout;
    }

    /**
     * Waits for an order within the bounds: its certificate, or {@code null} when it failed, did not finish within
     * the timeout, or too many handshakes wait already.
     */
    ManagedCertificate await(String name, CompletableFuture<ManagedCertificate> order) {
        if (order.isDone()) {
            return order.isCompletedExceptionally() ? null : order.getNow(null);
        }
        if (!tryEnter(name)) {
            refused.increment();
            return null;
        }
        try {
            return order.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            timeouts.increment();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        } finally {
            leave(name);
        }
    }

    private boolean tryEnter(String name) {
        if (!total.tryAcquire()) {
            return false;
        }
        boolean[] entered = new boolean[1];
        perName.compute(name, (key, waiting) -> {
            int now = waiting == null ? 0 : waiting;
            if (now >= maxWaitingPerName) {
                return waiting;
            }
            entered[0] = true;
            return now + 1;
        });
        if (!entered[0]) {
            total.release();
        }
        return entered[0];
    }

    private void leave(String name) {
        perName.computeIfPresent(name, (key, waiting) -> waiting <= 1 ? null : waiting - 1);
        total.release();
    }

    /** Handshakes waiting right now. */
    int waiting() {
        return maxWaiting - total.availablePermits();
    }

    /** Handshakes that gave up after the timeout. */
    long timeouts() {
        return timeouts.sum();
    }

    /** Handshakes that did not wait because a bound was reached. */
    long refused() {
        return refused.sum();
    }
}
