package dev.certmagic;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.Storage;

/**
 * A real storage whose lock requests wait until {@link #open()} before they reach the real locks: a manager then
 * manages its names at once (so it answers a peer's validations for them) while a peer is let to win the
 * issuance lock first. Everything else passes through at once.
 */
final class LockGate extends ForwardingStorage {

    private final CountDownLatch open = new CountDownLatch(1);

    LockGate(Storage delegate) {
        super(delegate);
    }

    /** Lets held and later lock requests through to the real locks. */
    void open() {
        open.countDown();
    }

    @Override
    public void lock(String name) throws IOException, InterruptedException {
        awaitOpen(name);
        super.lock(name);
    }

    @Override
    public boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException {
        awaitOpen(name);
        return super.tryLock(name, timeout);
    }

    private void awaitOpen(String name) throws IOException, InterruptedException {
        if (!open.await(2, TimeUnit.MINUTES)) {
            throw new IOException("The test never opened the gate for lock " + name);
        }
    }
}
