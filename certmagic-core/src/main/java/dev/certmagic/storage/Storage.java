package dev.certmagic.storage;

import java.io.IOException;
import java.util.List;

/**
 * Durable key-value storage for certificates, private keys, ACME accounts, OCSP staples and challenge data.
 *
 * <p>Keys are {@code /}-separated paths built by {@link StorageKeys} (for example
 * {@code certificates/acme.example-directory/example.com/example.com.crt}). A key that holds a value is
 * <em>terminal</em>; every proper prefix of a terminal key, ending at a {@code /}, is a <em>non-terminal</em> key
 * (a "directory") that exists as long as some terminal key below it exists.
 *
 * <p>All instances of an application that share certificates must use storages that see the same keys (one
 * directory, one database); they then also coordinate through the {@link Locker} methods that every storage
 * provides. Implementations must be safe for concurrent use by many threads and many processes:
 * <ul>
 *   <li>{@link #store} is atomic: a concurrent or later {@link #load} returns either the whole previous value or
 *       the whole new value, never a mix or a truncated value, even if the process dies in the middle of the
 *       write;</li>
 *   <li>a value that {@code store} returned from is durable (it survives a crash of the process or the
 *       machine);</li>
 *   <li>a missing key is reported by {@link KeyNotFoundException}, every other failure by another
 *       {@link IOException}, so that "not stored yet" is never confused with "storage is broken".</li>
 * </ul>
 * Values can hold private keys: implementations keep them readable only by the owner of the process.
 *
 * <p>A key that an implementation cannot hold safely (an empty segment, {@code .} or {@code ..}, a NUL or other
 * control character, a backslash, a leading {@code /}) is rejected with an {@link IllegalArgumentException} that
 * names the problem, before anything is read or written. Keys built by {@link StorageKeys} are always accepted.
 *
 * <p>{@link #close()} releases every lock this instance still holds and stops its background work. It does not
 * delete anything.
 */
public interface Storage extends Locker, AutoCloseable {

    /**
     * Stores {@code value} at {@code key}, replacing any previous value, atomically and durably.
     *
     * @param key a terminal key
     * @param value the bytes to store; the array is not retained
     * @throws IOException if the value could not be stored; the previous value, if any, is then unchanged
     */
    void store(String key, byte[] value) throws IOException;

    /**
     * Stores {@code value} at {@code key} only while this instance still holds the lock {@code lockName}: for
     * writes made under a lock (a new certificate generation under {@code issue_cert_<name>}) that must never
     * overwrite what a successor wrote after this holder lost the lock (it stalled past the lock's expiry).
     * Backends with fencing tokens check the token in the same transaction as the write; the default, for backends
     * without them, stores unchecked (their heartbeat reports a lost lock, but cannot stop a write in flight).
     *
     * @param lockName the lock the caller holds, as given to {@link #lock(String)}
     * @param key a terminal key
     * @param value the bytes to store; the array is not retained
     * @throws IOException if the lock is no longer held (nothing is stored) or the value could not be stored
     */
    default void storeIfLockHeld(String lockName, String key, byte[] value) throws IOException {
        store(key, value);
    }

    /**
     * Loads the value stored at {@code key}.
     *
     * @param key a terminal key
     * @return a fresh copy of the whole value
     * @throws KeyNotFoundException if no value is stored at {@code key}
     * @throws IOException if storage failed
     */
    byte[] load(String key) throws IOException;

    /**
     * Deletes {@code key}. If {@code key} is non-terminal, every key below it is deleted as well. Deleting a key
     * that does not exist is not an error.
     *
     * @param key the key or prefix to delete
     * @throws IOException if the key still exists when this method returns
     */
    void delete(String key) throws IOException;

    /**
     * Tells whether {@code key} exists, terminal or not.
     *
     * @param key the key
     * @return {@code true} if the key exists
     * @throws IOException if storage failed (a missing key is {@code false}, not an exception)
     */
    boolean exists(String key) throws IOException;

    /**
     * Lists the keys below {@code prefix}.
     *
     * <p>Without {@code recursive}, the result holds the keys directly below {@code prefix} (terminal or not);
     * with it, every key below {@code prefix} at any depth, terminal and non-terminal. Keys are returned in full
     * (including {@code prefix}) and in no particular order.
     *
     * @param prefix a non-terminal key; the empty string lists from the root
     * @param recursive whether to walk the whole hierarchy below {@code prefix}
     * @return the keys; never {@code null}; empty for a terminal {@code prefix} or an empty store
     * @throws KeyNotFoundException if {@code prefix} is not empty and does not exist
     * @throws IOException if storage failed
     */
    List<String> list(String prefix, boolean recursive) throws IOException;

    /**
     * Describes {@code key}.
     *
     * @param key the key
     * @return what is known about the key
     * @throws KeyNotFoundException if the key does not exist
     * @throws IOException if storage failed
     */
    KeyInfo stat(String key) throws IOException;

    /**
     * Releases every lock this instance holds and stops its background work (such as lock heartbeats).
     *
     * @throws IOException if a lock could not be released; it then expires on its own
     */
    @Override
    void close() throws IOException;
}
