package dev.certmagic;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.Storage;

/**
 * A real storage with a record of every key read, so a test can prove that some names never reached storage.
 */
final class CountingStorage extends ForwardingStorage {

    private final ConcurrentLinkedQueue<String> reads = new ConcurrentLinkedQueue<>();

    CountingStorage(Storage delegate) {
        super(delegate);
    }

    long readsContaining(String fragment) {
        return reads.stream().filter(key -> key.contains(fragment)).count();
    }

    @Override
    public byte[] load(String key) throws IOException {
        reads.add(key);
        return delegate().load(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        reads.add(key);
        return delegate().exists(key);
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        reads.add(prefix);
        return delegate().list(prefix, recursive);
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        reads.add(key);
        return delegate().stat(key);
    }

}
