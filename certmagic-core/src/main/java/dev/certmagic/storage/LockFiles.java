package dev.certmagic.storage;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takeover of lock files: a guard that lets one contender at a time examine and remove a stale lock file, and
 * conditional removal ("delete this file, but only if it is still the one I looked at"), which the file system
 * offers no call for. See {@link FileLocker} for why this matters and what it guarantees.
 *
 * <p>The guard is an operating-system lock ({@link FileChannel#tryLock()}) on a file next to the lock files.
 * The operating system drops it when its holder dies, so a crashed contender can never leave it stuck, which a
 * guard made of yet another lock file could. Within this JVM, a guard held by another thread (or another
 * {@code FileStorage} on the same folder) shows as {@link OverlappingFileLockException}, which means "busy" too.
 * Where the file system has no OS locks (some network file systems), takeovers go unguarded; that is logged once.
 * POSIX drops all of a process's locks on a file when any of its channels on that file closes, so two
 * {@code FileStorage}s on one folder in one JVM weaken the guard against other processes at the instant one of
 * them closes its guard channel while the other holds the guard: one storage per folder per JVM is the intended
 * use (threads share it).
 */
final class LockFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LockFiles.class);

    /** Lock files moved aside while they are examined; see {@link KeyPaths#isTemporary}. */
    static final String ASIDE_PREFIX = KeyPaths.INTERNAL_PREFIX + "reap~";

    /** The file whose OS lock serializes takeovers; kept, never swept. */
    static final String GUARD_NAME = KeyPaths.INTERNAL_PREFIX + "takeover-guard";

    private final AtomicFiles files;
    private final AtomicBoolean unguardedLogged = new AtomicBoolean();

    LockFiles(AtomicFiles files) {
        this.files = files;
    }

    /**
     * Runs {@code takeover} while holding the takeover guard of {@code folder}, unless another contender holds
     * it right now.
     *
     * @param folder the folder of the lock files
     * @param takeover what to do while no other contender can take over a lock in that folder
     * @return the takeover's result, or {@code false} if the guard was busy
     * @throws IOException if the takeover or the guard failed
     */
    boolean underGuard(Path folder, Takeover takeover) throws IOException {
        FileChannel opened;
        try {
            opened = files.openShared(folder.resolve(GUARD_NAME));
        } catch (NoSuchFileException e) {
            return false; // the locks folder was deleted meanwhile; the next attempt starts afresh
        }
        try (FileChannel channel = opened) {
            FileLock guard;
            try {
                guard = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false;
            } catch (ClosedChannelException e) {
                throw e; // interrupted, not a file system without locks
            } catch (IOException e) {
                if (unguardedLogged.compareAndSet(false, true)) {
                    LOG.warn("The file system under {} offers no OS file locks ({}); stale locks are taken over "
                            + "without a guard", folder, e.toString());
                }
                return takeover.run();
            }
            if (guard == null) {
                return false;
            }
            try {
                return takeover.run();
            } finally {
                guard.release();
            }
        }
    }

    /**
     * Removes {@code path} only if what is there satisfies {@code expected}. The file is first renamed to a
     * private name (atomic: of several callers, at most one moves a given file), then examined; if it is not the
     * expected one it is linked back into place.
     *
     * @param path the lock file
     * @param expected the test the moved file must pass to be deleted
     * @return {@code true} if this call removed the expected file
     * @throws IOException if the file system failed
     */
    boolean removeIfSame(Path path, Predicate<Snapshot> expected) throws IOException {
        Path aside = path.resolveSibling(ASIDE_PREFIX + AtomicFiles.randomHex());
        try {
            Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        Snapshot moved = Snapshot.of(aside);
        boolean same = moved != null && expected.test(moved);
        if (!same) {
            restore(aside, path);
        }
        Files.deleteIfExists(aside);
        files.forceFolder(path.getParent());
        return same;
    }

    private static void restore(Path aside, Path path) throws IOException {
        try {
            Files.createLink(path, aside); // fails instead of replacing if someone created a lock meanwhile
        } catch (FileAlreadyExistsException e) {
            LOG.error("Lock file {} was created anew while a live lock was briefly moved aside; its previous holder "
                    + "will find its lock lost at the next heartbeat", path);
        } catch (UnsupportedOperationException | IOException e) {
            Files.move(aside, path); // no hard links here: a check-then-rename is the best this file system allows
        }
    }

    /**
     * What a lock file looked like when it was read: enough to tell later whether it is still the same file
     * (same file key, same modification time, same content; a fresh acquisition always differs in content).
     *
     * @param fileKey the file system's identity of the file, {@code null} where the platform has none
     * @param modified the modification time
     * @param content the bytes
     */
    record Snapshot(Object fileKey, FileTime modified, byte[] content) {

        /**
         * Reads a lock file.
         *
         * @param path the file
         * @return its snapshot, or {@code null} if it does not exist
         * @throws IOException if reading failed
         */
        static Snapshot of(Path path) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new Snapshot(attributes.fileKey(), attributes.lastModifiedTime(), Files.readAllBytes(path));
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /**
         * Tells whether {@code other} shows the same file unchanged.
         *
         * @param other a later snapshot
         * @return {@code true} if nothing differs
         */
        boolean sameFile(Snapshot other) {
            return Objects.equals(fileKey, other.fileKey) && modified.equals(other.modified)
                    && Arrays.equals(content, other.content);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot snapshot && sameFile(snapshot);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fileKey, modified, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "Snapshot[" + fileKey + ", " + modified + ", " + content.length + " bytes]";
        }
    }

    /** Work done under the takeover guard. */
    @FunctionalInterface
    interface Takeover {

        /**
         * Does the work.
         *
         * @return whether the lock file is now gone
         * @throws IOException if the file system failed
         */
        boolean run() throws IOException;
    }
}
