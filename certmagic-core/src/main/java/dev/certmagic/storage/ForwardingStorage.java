package dev.certmagic.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Storage} that forwards every call to another one: extend it to decorate a storage (count or audit
 * reads, encrypt values, hold a call back in a test) by overriding only the methods the decoration concerns.
 *
 * <p>{@link #storeIfLockHeld} is not forwarded: it goes through this decorator's {@link #store}, so a decoration of
 * writes (encryption) sees every write, and the delegate's fencing check is skipped. A decorator of a fencing
 * storage (JDBC) that keeps writes unchanged may forward it to {@link #delegate()} to keep the check.
 */
public abstract class ForwardingStorage implements Storage {

    private final Storage delegate;

    /**
     * Creates a storage that forwards to {@code delegate}.
     *
     * @param delegate the storage that does the work
     */
    protected ForwardingStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Returns the storage calls are forwarded to.
     *
     * @return the delegate
     */
    protected final Storage delegate() {
        return delegate;
    }

    @Override
    public void store(String key, byte[] value) throws IOException {
        delegate.store(key, value);
    }

    @Override
    public byte[] load(String key) throws IOException {
        return delegate.load(key);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return delegate.exists(key);
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        return delegate.list(prefix, recursive);
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        return delegate.stat(key);
    }

    @Override
    public void lock(String name) throws IOException, InterruptedException {
        delegate.lock(name);
    }

    @Override
    public boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException {
        return delegate.tryLock(name, timeout);
    }

    @Override
    public void unlock(String name) throws IOException {
        delegate.unlock(name);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
