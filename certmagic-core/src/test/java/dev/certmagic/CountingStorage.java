package dev.certmagic;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.Storage;

/**
 * A real storage with a record of every key read, so a test can prove that some names never reached storage.
 */
final class CountingStorage implements Storage {

    private final Storage delegate;
    private final ConcurrentLinkedQueue<String> reads = new ConcurrentLinkedQueue<>();

    CountingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    long readsContaining(String fragment) {
        return reads.stream().filter(key -> key.contains(fragment)).count();
    }

    @Override
    public void store(String key, byte[] value) throws IOException {
        delegate.store(key, value);
    }

    @Override
    public byte[] load(String key) throws IOException {
        reads.add(key);
        return delegate.load(key);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        reads.add(key);
        return delegate.exists(key);
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        reads.add(prefix);
        return delegate.list(prefix, recursive);
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        reads.add(key);
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
