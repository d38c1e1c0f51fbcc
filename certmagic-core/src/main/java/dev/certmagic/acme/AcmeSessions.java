package dev.certmagic.acme;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.shredzone.acme4j.Session;

/**
 * The ACME sessions an issuer's orders run on: one per order that may run at once, made when first needed and
 * kept for the next order.
 *
 * <p>Why more than one: acme4j holds a session's nonce lock for the whole of every request (sign, send, read the
 * answer), so orders that share a session wait for each other's round trips; ten orders on one session take
 * about ten times the requests' latency. A session of its own gives each order its own nonce, HTTP client and
 * copy of the directory, as Go CertMagic's ACME client does. The number of permits is also the issuer's limit
 * of concurrent orders, so one instance never floods its CA.
 */
final class AcmeSessions {

    private final Semaphore permits;
    private final Deque<Session> idle = new ConcurrentLinkedDeque<>();
    private final Supplier<Session> factory;
    private final AtomicInteger created = new AtomicInteger();

    AcmeSessions(int maxConcurrent, Supplier<Session> factory) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.permits = new Semaphore(maxConcurrent, true);
        this.factory = factory;
    }

    /**
     * Waits for an order slot and returns a session nobody else uses until {@link #release}: the most recently
     * released one (its connection and directory are the freshest), or a new one.
     */
    Session acquire() throws InterruptedException {
        permits.acquire();
        Session session = idle.pollFirst();
        if (session != null) {
            return session;
        }
        try {
            session = factory.get();
            created.incrementAndGet();
            return session;
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Gives a session from {@link #acquire} back for the next order. */
    void release(Session session) {
        idle.addFirst(session);
        permits.release();
    }

    /** How many sessions were made so far; never more than the number of concurrent orders. */
    int created() {
        return created.get();
    }
}
