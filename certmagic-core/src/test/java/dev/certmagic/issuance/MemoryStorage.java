package dev.certmagic.issuance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;

/**
 * A {@link Storage} in memory for tests until {@code FileStorage} lands. Several instances made from one
 * {@link Shared} see the same keys and contend for the same locks, like two processes on one directory; each
 * instance is one lock owner. Counts stores so tests can assert what was written.
 */
public final class MemoryStorage implements Storage {

    /** The state several instances share. */
    public static final class Shared {
        final ConcurrentSkipListMap<String, byte[]> values = new ConcurrentSkipListMap<>();
        public final Map<String, Object> locks = new HashMap<>();
    }

    private final Shared shared;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /**
     * Creates an instance over shared state.
     *
     * @param shared the state
     */
    public MemoryStorage(Shared shared) {
        this.shared = shared;
    }

    /**
     * Creates an instance with its own state.
     */
    public MemoryStorage() {
        this(new Shared());
    }

    /**
     * Returns every terminal key, for assertions.
     *
     * @return the keys
     */
    public Set<String> keys() {
        return Set.copyOf(shared.values.keySet());
    }

    @Override
    public void store(String key, byte[] value) {
        shared.values.put(key, value.clone());
    }

    @Override
    public byte[] load(String key) throws IOException {
        byte[] value = shared.values.get(key);
        if (value == null) {
            throw new KeyNotFoundException(key);
        }
        return value.clone();
    }

    @Override
    public void delete(String key) {
        shared.values.remove(key);
        shared.values.keySet().removeIf(k -> k.startsWith(key + "/"));
    }

    @Override
    public boolean exists(String key) {
        return shared.values.containsKey(key) || shared.values.keySet().stream().anyMatch(k -> k.startsWith(key + "/"));
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        List<String> result = new ArrayList<>();
        String base = prefix.isEmpty() ? "" : prefix + "/";
        for (String key : shared.values.keySet()) {
            if (key.startsWith(base)) {
                String rest = key.substring(base.length());
                int slash = rest.indexOf('/');
                String child = base + (slash < 0 || recursive ? rest : rest.substring(0, slash));
                if (!result.contains(child)) {
                    result.add(child);
                }
            }
        }
        if (result.isEmpty() && !prefix.isEmpty()) {
            throw new KeyNotFoundException(prefix);
        }
        return result;
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        byte[] value = shared.values.get(key);
        if (value != null) {
            return new KeyInfo(key, Instant.EPOCH, value.length, true);
        }
        if (exists(key)) {
            return new KeyInfo(key, Instant.EPOCH, 0, false);
        }
        throw new KeyNotFoundException(key);
    }

    @Override
    public void lock(String name) throws InterruptedException {
        synchronized (shared.locks) {
            while (shared.locks.containsKey(name)) {
                shared.locks.wait();
            }
            shared.locks.put(name, this);
            held.add(name);
        }
    }

    @Override
    public boolean tryLock(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (shared.locks) {
            while (shared.locks.containsKey(name)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(shared.locks, left);
            }
            shared.locks.put(name, this);
            held.add(name);
            return true;
        }
    }

    @Override
    public void unlock(String name) {
        synchronized (shared.locks) {
            if (shared.locks.get(name) == this) {
                shared.locks.remove(name);
                held.remove(name);
                shared.locks.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        for (String name : Set.copyOf(held)) {
            unlock(name);
        }
    }
}
