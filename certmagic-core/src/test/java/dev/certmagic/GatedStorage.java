package dev.certmagic;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.certmagic.internal.cache.StoredCertificateLoader;
import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.Storage;

/**
 * A real storage whose reads a test can hold: reads made by the manager's background loader threads wait until
 * {@link #openBackground()} (so a test controls whether a name was loaded by a handshake or in the background),
 * the first read of one chosen key can be held until {@link #releaseHeld()}, and reads of keys containing a
 * chosen fragment fail. Every read is recorded with the thread that made it.
 */
final class GatedStorage extends ForwardingStorage {

    /** The thread name prefix of {@link StoredCertificateLoader}'s workers. */
    static final String LOADER_THREAD = "certmagic-load-";

    record Read(String key, String thread) {
    }

    private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    private final CountDownLatch background = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private final AtomicInteger backgroundWaiting = new AtomicInteger();
    private final AtomicInteger heldWaiting = new AtomicInteger();
    private volatile String holdFirstReadOf;
    private volatile String failingFragment;

    GatedStorage(Storage delegate) {
        super(delegate);
    }

    void openBackground() {
        background.countDown();
    }

    void holdFirstReadOf(String key) {
        this.holdFirstReadOf = key;
    }

    void releaseHeld() {
        held.countDown();
    }

    void failReadsContaining(String fragment) {
        this.failingFragment = fragment;
    }

    int backgroundWaiting() {
        return backgroundWaiting.get();
    }

    int heldWaiting() {
        return heldWaiting.get();
    }

    long readsOf(String key) {
        return reads.stream().filter(read -> read.key().equals(key)).count();
    }

    long readsContaining(String fragment) {
        return reads.stream().filter(read -> read.key().contains(fragment)).count();
    }

    List<Read> reads() {
        return List.copyOf(reads);
    }

    @Override
    public byte[] load(String key) throws IOException {
        reads.add(new Read(key, Thread.currentThread().getName()));
        if (Thread.currentThread().getName().startsWith(LOADER_THREAD)) {
            backgroundWaiting.incrementAndGet();
            await(background);
        }
        String hold = holdFirstReadOf;
        if (key.equals(hold)) {
            holdFirstReadOf = null;
            heldWaiting.incrementAndGet();
            await(held);
        }
        String failing = failingFragment;
        if (failing != null && key.contains(failing)) {
            throw new IOException("storage failure (test) reading " + key);
        }
        return delegate().load(key);
    }

    private static void await(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IOException("the test never released this read");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        reads.add(new Read(key, Thread.currentThread().getName()));
        return delegate().exists(key);
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        reads.add(new Read(prefix, Thread.currentThread().getName()));
        return delegate().list(prefix, recursive);
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        reads.add(new Read(key, Thread.currentThread().getName()));
        return delegate().stat(key);
    }

    @Override
    public void close() throws IOException {
        open();
        delegate().close();
    }

    private void open() {
        background.countDown();
        held.countDown();
    }
}
