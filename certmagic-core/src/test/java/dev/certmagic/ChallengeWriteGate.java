package dev.certmagic;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.Storage;

/**
 * A real storage that holds the manager's publication of challenge data (writes of keys containing
 * {@code challenge}) until {@link #open()}: a manager that has already won a name's issuance lock then waits, with
 * the lock held, until the peer that answers its validations listens. Everything else passes through at once.
 */
final class ChallengeWriteGate extends ForwardingStorage {

    private final CountDownLatch open = new CountDownLatch(1);

    ChallengeWriteGate(Storage delegate) {
        super(delegate);
    }

    /** Lets held and later challenge writes through. */
    void open() {
        open.countDown();
    }

    @Override
    public void store(String key, byte[] value) throws IOException {
        if (key.contains("challenge")) {
            try {
                if (!open.await(2, TimeUnit.MINUTES)) {
                    throw new IOException("The test never opened the gate for " + key);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted at the gate for " + key, e);
            }
        }
        super.store(key, value);
    }
}
