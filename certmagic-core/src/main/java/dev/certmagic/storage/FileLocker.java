package dev.certmagic.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Locker} half of {@link FileStorage}: one lock file per lock name, created with {@code CREATE_NEW},
 * holding a {@link LockRecord} whose heartbeat a daemon thread refreshes while the lock is held.
 *
 * <p><b>Taking over a stale lock.</b> A contender that finds a lock whose heartbeat is older than the stale bound
 * (or, for an empty or unreadable lock file, whose modification time is) takes the takeover guard of the locks
 * folder (an OS file lock, see {@link LockFiles}), looks again, and if the lock is still stale renames the file to
 * a private name, checks that what it moved is exactly what it judged stale (same file key, modification time
 * and content) and deletes it. Then it competes for the lock with {@code CREATE_NEW} like everyone else, so only
 * one contender wins. Contenders that judged the same old file stale either find the guard busy or, once they
 * hold it, find the winner's fresh lock. The only way to two holders is the one every lease has: a holder that
 * stalls for longer than the stale bound and then carries on; its heartbeat then reports the lost lock.
 *
 * <p><b>Heartbeats</b> are written through the channel that created the lock file, never by path, so a holder
 * that lost its lock (because it stalled past the stale bound) can never overwrite its successor's lock file.
 *
 * <p><b>Go CertMagic (Caddy) on the same folder</b> reads and writes the same files ({@link LockRecord} is its
 * {@code lockMeta} JSON) with the same 5 s / 10 s rules, so neither takes a live lock of the other. It takes over a
 * stale lock without our guard and deletes its lock file by path when it unlocks; a lock of ours that it judged
 * stale is therefore reported lost at our next heartbeat, as with any other successor.
 *
 * <p>Staleness is decided with the injected {@link Clock}; waiting, the heartbeat thread and closing are
 * {@link PollingLocker}'s.
 */
final class FileLocker extends PollingLocker {

    private static final Logger LOG = LoggerFactory.getLogger(FileLocker.class);

    private static final Duration FIRST_POLL = Duration.ofMillis(5);

    private final KeyPaths paths;
    private final AtomicFiles files;
    private final LockFiles lockFiles;
    private final Clock clock;
    private final Duration staleAfter;

    /** Held locks by lock file path: two names that map to the same file are the same lock. */
    private final Map<String, HeldLock> held = new ConcurrentHashMap<>();
    private final Set<String> garbageLogged = ConcurrentHashMap.newKeySet();

    FileLocker(KeyPaths paths, AtomicFiles files, Clock clock, Duration heartbeatInterval, Duration staleAfter,
            Duration maxPoll) {
        super("FileStorage", "certmagic-lock-heartbeat-", heartbeatInterval, FIRST_POLL, maxPoll);
        this.paths = paths;
        this.files = files;
        this.lockFiles = new LockFiles(files);
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    @Override
    protected boolean tryAcquire(String name) throws IOException, InterruptedException {
        try {
            return attempt(name, lockPath(name));
        } catch (ClosedByInterruptException e) {
            Thread.interrupted(); // reported by the exception below instead
            throw (InterruptedException) new InterruptedException("Interrupted while taking lock '" + name + "'")
                    .initCause(e);
        }
    }

    @Override
    protected void release(String name) throws IOException {
        Path path = lockPath(name);
        HeldLock lock = held.remove(path.toString());
        if (lock == null) {
            return;
        }
        try {
            lockFiles.removeIfSame(path, lock::isMine);
        } finally {
            lock.close();
        }
    }

    @Override
    protected Collection<String> heldNames() {
        return held.values().stream().map(lock -> lock.name).toList();
    }

    /** Refreshes the heartbeat of every held lock; runs on the heartbeat thread. */
    @Override
    protected void extendAll() {
        for (HeldLock lock : held.values()) {
            try {
                refresh(lock);
            } catch (IOException | RuntimeException e) {
                if (held.get(lock.path.toString()) == lock) { // not merely unlocked while we were refreshing it
                    LOG.warn("Could not refresh lock file {}; it expires if this keeps failing: {}", lock.path,
                            e.toString());
                }
            }
        }
    }

    private boolean attempt(String name, Path path) throws IOException {
        files.createFolders(path.getParent());
        FileChannel channel = createOrNull(path);
        if (channel == null && reapIfStale(name, path)) {
            channel = createOrNull(path); // compete for the freed lock right away, like every other contender
        }
        if (channel == null) {
            return false;
        }
        // Stamped once the file exists, not before the reap: a reap that waited on the guard for longer than the
        // stale bound must not write a heartbeat that is already stale, which a peer would take over at once.
        LockRecord mine = new LockRecord(owner(), AtomicFiles.randomHex(), clock.instant());
        HeldLock lock = new HeldLock(name, path, channel, mine);
        try {
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(mine.encode()));
            channel.force(true);
            files.forceFolder(path.getParent());
        } catch (IOException | RuntimeException e) {
            lock.close();
            Files.deleteIfExists(path);
            throw e;
        }
        held.put(path.toString(), lock);
        return true;
    }

    private FileChannel createOrNull(Path path) throws IOException {
        try {
            return files.createPrivate(path);
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (NoSuchFileException e) {
            return null; // the locks folder was deleted under us; the next attempt recreates it
        }
    }

    /**
     * Removes the lock file if its holder stopped keeping it alive. A cheap look first; only a lock that looks
     * stale is examined again and removed under the takeover guard, so that of several contenders that all saw
     * it stale, exactly one removes it and the others find the winner's fresh lock.
     *
     * @return {@code true} if the lock file is gone (removed by this call or meanwhile by someone else)
     */
    private boolean reapIfStale(String name, Path path) throws IOException {
        LockFiles.Snapshot first = LockFiles.Snapshot.of(path);
        if (first == null) {
            return true;
        }
        if (!isStale(path, first)) {
            return false;
        }
        return lockFiles.underGuard(path.getParent(), () -> {
            LockFiles.Snapshot seen = LockFiles.Snapshot.of(path);
            if (seen == null) {
                return true;
            }
            if (!isStale(path, seen) || !lockFiles.removeIfSame(path, seen::sameFile)) {
                return false;
            }
            LockRecord record = LockRecord.decode(seen.content());
            if (record != null) {
                LOG.warn("Took over lock '{}': its holder {} stopped its heartbeat at {}", name,
                        record.owner() != null ? record.owner() : "(Go CertMagic)", record.heartbeat());
            } else if (garbageLogged.add(name)) {
                LOG.warn("Took over lock '{}': its lock file was empty or unreadable and older than {}", name,
                        staleAfter);
            }
            return true;
        });
    }

    private boolean isStale(Path path, LockFiles.Snapshot seen) {
        LockRecord record = LockRecord.decode(seen.content());
        if (record == null) {
            return seen.modified().toInstant().plus(staleAfter).isBefore(clock.instant());
        }
        HeldLock ours = held.get(path.toString());
        if (ours != null && ours.record.sameAcquisition(record)) {
            return false; // held by a thread of this very instance: only our own heartbeat is late
        }
        return record.isStale(clock.instant(), staleAfter);
    }

    private void refresh(HeldLock lock) throws IOException {
        LockRecord onDisk;
        try {
            onDisk = LockRecord.decode(Files.readAllBytes(lock.path));
        } catch (NoSuchFileException e) {
            onDisk = null;
        }
        if (!lock.record.sameAcquisition(onDisk)) {
            if (held.remove(lock.path.toString(), lock)) {
                LOG.error("Lost lock file {}: another owner took it over, probably because this process stalled "
                        + "for longer than {}", lock.path, staleAfter);
                lock.close();
            }
            return;
        }
        LockRecord next = lock.record.refreshed(clock.instant());
        byte[] bytes = next.encode();
        AtomicFiles.writeFully(lock.channel, ByteBuffer.wrap(bytes), 0);
        lock.channel.truncate(bytes.length);
        lock.channel.force(false);
        lock.record = next;
    }

    private Path lockPath(String name) {
        return paths.resolve(StorageKeys.lock(name));
    }

    /** A lock this owner holds, with the channel its heartbeat writes through. */
    private static final class HeldLock {

        final String name;
        final Path path;
        final FileChannel channel;
        volatile LockRecord record;

        HeldLock(String name, Path path, FileChannel channel, LockRecord record) {
            this.name = name;
            this.path = path;
            this.channel = channel;
            this.record = record;
        }

        boolean isMine(LockFiles.Snapshot file) {
            return record.sameAcquisition(LockRecord.decode(file.content()));
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Could not close lock file {}", path, e);
            }
        }
    }
}
