package dev.certmagic.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Storage} in a folder of the local file system, shared safely by every thread and every process that
 * uses the same folder (also over a network file system with atomic rename, though locks then rely on the
 * machines' clocks agreeing within the stale bound).
 *
 * <p><b>Layout.</b> A key maps to a file below the root, {@code /} becoming the folder separator. Keys are
 * checked before use: empty segments, {@code .}, {@code ..}, NUL and other control characters, backslashes and
 * absolute paths are rejected with an {@link IllegalArgumentException} that names the problem, and the resolved
 * path must lie below the root. Files are created {@code rw-------} and folders {@code rwx------} from the
 * moment they exist (on file systems without POSIX permissions, with the platform's defaults). Existing folders
 * that others may write to are reported ({@link #permissionWarnings()}, logged once), not changed. A symbolic link
 * to a folder inside the root is never followed: a store, load or delete through one fails with an
 * {@link IOException} naming the link (the root itself may be a link). Links to files are never values.
 *
 * <p><b>Writes</b> are atomic and durable: temporary file in the target's folder, {@code force}, atomic rename,
 * {@code force} of the folder. A crash leaves the old or the new value plus, at worst, a temporary file whose
 * name starts with {@code .certmagic~}. Those are never listed; the first use deletes the ones older than
 * {@link Builder#orphanedTempFileAge(Duration)} (default 10 minutes; younger ones may be a write in progress).
 *
 * <p><b>Locks</b> are Go CertMagic's lock files, so Caddy and this project on one folder exclude each other:
 * {@code locks/<name>.lock}, created atomically, holding {@code {"created":…,"updated":…}} (plus an owner and token
 * CertMagic ignores). {@code updated} is refreshed every {@link Builder#heartbeatInterval heartbeat interval} (5 s)
 * while held; a lock not refreshed for {@link Builder#staleAfter staleAfter} (10 s; both CertMagic's) is taken over
 * under a guard; an unreadable lock file counts from its modification time. No I/O until first use;
 * {@link #close()} releases all locks and stops the heartbeat thread.
 */
public final class FileStorage implements Storage {

    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);

    private final KeyPaths paths;
    private final AtomicFiles files;
    private final FileTree tree;
    private final FileLocker locker;
    private final Clock clock;
    private final Duration orphanedTempFileAge;
    private volatile boolean swept;
    private volatile boolean permissionsChecked;

    private FileStorage(Builder builder) {
        this.paths = new KeyPaths(builder.root);
        this.files = new AtomicFiles(paths.root());
        this.tree = new FileTree(paths);
        this.clock = builder.clock;
        this.orphanedTempFileAge = builder.orphanedTempFileAge;
        this.locker = new FileLocker(paths, files, builder.clock, builder.heartbeatInterval, builder.staleAfter,
                builder.lockPollInterval);
    }

    /**
     * Starts building a storage rooted at {@code root}.
     *
     * @param root the folder that holds everything; created (private) on first write if missing
     * @return a builder with the documented defaults
     */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * Returns where CertMagic keeps its data by default: {@code $XDG_DATA_HOME/certmagic} when that variable
     * names an absolute folder, else {@code ~/.local/share/certmagic}, the same place the Go library uses.
     *
     * @return the default root folder
     */
    public static Path defaultRoot() {
        return defaultRoot(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultRoot(Map<String, String> environment, String userHome) {
        String xdg = environment.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "certmagic");
        }
        return Path.of(userHome, ".local", "share", "certmagic");
    }

    /**
     * Returns the folder that holds this storage's files.
     *
     * @return the absolute root
     */
    public Path root() {
        return paths.root();
    }

    /**
     * Creates the root folder (and its missing parents) owner-only if it does not exist, and reports folders
     * that others may write to, as {@link #permissionWarnings()} does; each warning is logged once. Spring Boot
     * calls this at startup; otherwise the root is created on the first write.
     *
     * @return the permission warnings, empty when all is private
     * @throws IOException if the root could not be created
     */
    public List<String> prepareRoot() throws IOException {
        files.createFolders(paths.root());
        return checkPermissionsOnce();
    }

    /**
     * Reports the folders holding keys (the root, {@code certificates/}, {@code acme/}) that exist and are
     * writable by their group or by everyone: whoever may write there can replace certificates and keys. They
     * are reported, never changed. Reads the folders' permissions each time (a few {@code stat} calls), so a
     * health check sees a fix at once.
     *
     * @return one message per such folder, naming it, its mode and the fix; empty when all is private or on
     *     file systems without POSIX permissions
     */
    public List<String> permissionWarnings() {
        return RootPermissions.warnings(paths.root());
    }

    @Override
    public void store(String key, byte[] value) throws IOException {
        Objects.requireNonNull(value, "value");
        Path path = paths.resolve(key);
        sweepOnce();
        tree.refuseLinkedFolders(path);
        files.write(path, value);
    }

    @Override
    public byte[] load(String key) throws IOException {
        Path path = paths.resolve(key);
        sweepOnce();
        tree.refuseLinkedFolders(path);
        BasicFileAttributes attributes = tree.attributesOrNull(path);
        if (attributes == null || !attributes.isRegularFile()) {
            throw new KeyNotFoundException(key);
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new KeyNotFoundException(key);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = paths.resolve(key);
        sweepOnce();
        tree.refuseLinkedFolders(path);
        BasicFileAttributes attributes = tree.attributesOrNull(path);
        if (attributes == null) {
            return;
        }
        if (attributes.isDirectory()) {
            tree.deleteRecursively(path);
        } else {
            Files.deleteIfExists(path);
        }
        files.forceFolder(path.getParent());
        tree.pruneEmptyFolders(path.getParent());
        if (exists(key)) {
            throw new IOException("Key '" + key + "' still exists after deleting it: it was written concurrently");
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        Path path = paths.resolve(key);
        sweepOnce();
        BasicFileAttributes attributes = tree.attributesOrNull(path);
        if (attributes == null) {
            return false;
        }
        return attributes.isRegularFile() || (attributes.isDirectory() && tree.holdsValues(path));
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        Path folder = paths.resolvePrefix(prefix);
        sweepOnce();
        BasicFileAttributes attributes = tree.attributesOrNull(folder);
        if (attributes == null || !(attributes.isDirectory() || attributes.isRegularFile())) {
            if (prefix.isEmpty()) {
                return List.of();
            }
            throw new KeyNotFoundException(prefix);
        }
        if (attributes.isRegularFile()) {
            return List.of();
        }
        List<String> keys = tree.list(folder, recursive);
        if (keys.isEmpty() && !prefix.isEmpty()) {
            throw new KeyNotFoundException(prefix);
        }
        return keys;
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        Path path = paths.resolve(key);
        sweepOnce();
        BasicFileAttributes attributes = tree.attributesOrNull(path);
        if (attributes != null && attributes.isRegularFile()) {
            return new KeyInfo(key, attributes.lastModifiedTime().toInstant(), attributes.size(), true);
        }
        if (attributes != null && attributes.isDirectory() && tree.holdsValues(path)) {
            return new KeyInfo(key, attributes.lastModifiedTime().toInstant(), 0, false);
        }
        throw new KeyNotFoundException(key);
    }

    @Override
    public void lock(String name) throws IOException, InterruptedException {
        sweepOnce();
        locker.lock(name);
    }

    @Override
    public boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        sweepOnce();
        return locker.tryLock(name, timeout);
    }

    @Override
    public void unlock(String name) throws IOException {
        locker.unlock(name);
    }

    /**
     * Releases every lock this instance holds and stops the heartbeat thread. Keys stay readable and writable;
     * taking a lock afterwards fails with {@link IllegalStateException}.
     */
    @Override
    public void close() throws IOException {
        locker.close();
    }

    /**
     * Deletes orphaned temporary files now, regardless of whether this instance already did so on first use.
     * Useful for periodic storage cleaning.
     *
     * @return how many files were deleted
     * @throws IOException if the walk failed
     */
    public int sweepOrphanedTempFiles() throws IOException {
        swept = true;
        return tree.sweepTemporaryFiles(clock.instant().minus(orphanedTempFileAge));
    }

    @Override
    public String toString() {
        return "FileStorage[" + paths.root() + "]";
    }

    String ownerId() {
        return locker.owner();
    }

    private List<String> checkPermissionsOnce() {
        List<String> warnings = permissionWarnings();
        if (!permissionsChecked) {
            permissionsChecked = true;
            warnings.forEach(LOG::warn);
        }
        return warnings;
    }

    private void sweepOnce() {
        if (swept) {
            return;
        }
        synchronized (this) {
            if (swept) {
                return;
            }
            checkPermissionsOnce();
            try {
                int count = sweepOrphanedTempFiles();
                if (count > 0) {
                    LOG.info("Deleted {} orphaned temporary file(s) under {}", count, paths.root());
                }
            } catch (IOException e) {
                LOG.warn("Could not sweep orphaned temporary files under {}: {}", paths.root(), e.toString());
            }
        }
    }

    /**
     * Configures a {@link FileStorage}. The defaults suit production; tests shorten the lock timings.
     */
    public static final class Builder {

        private final Path root;
        private Clock clock = Clock.systemUTC();
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private Duration staleAfter = Duration.ofSeconds(10);
        private Duration lockPollInterval = Duration.ofSeconds(1);
        private Duration orphanedTempFileAge = Duration.ofMinutes(10);

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /**
         * Sets the clock that stamps heartbeats and judges staleness of locks and temporary files.
         *
         * @param clock the clock; all processes sharing the folder should agree on time within the stale bound
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how often a held lock's heartbeat is refreshed. Default 5 seconds, as CertMagic; Go CertMagic
         * (Caddy) takes over a lock not refreshed for 10 seconds, so sharing a folder with it needs 5 s or less.
         *
         * @param interval a positive duration, at most half the stale bound
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        /**
         * Sets how old a lock's heartbeat may get before another owner takes the lock over. Default 10 seconds,
         * CertMagic's bound. Longer survives longer stalls of a holder (GC pauses); shorter frees a crashed
         * holder's locks sooner. CertMagic peers keep their own 10 s bound whatever is set here.
         *
         * @param staleAfter a positive duration, at least twice the heartbeat interval
         * @return this builder
         */
        public Builder staleAfter(Duration staleAfter) {
            this.staleAfter = positive(staleAfter, "staleAfter");
            return this;
        }

        /**
         * Sets the longest pause between two attempts to take a busy lock (waits start short and double up to
         * this). Default 1 second. Threads of the same instance are woken at once when a lock is released.
         *
         * @param interval a positive duration
         * @return this builder
         */
        public Builder lockPollInterval(Duration interval) {
            this.lockPollInterval = positive(interval, "lockPollInterval");
            return this;
        }

        /**
         * Sets how old a temporary file must be before it counts as orphaned by a crash and is deleted. Default
         * 10 minutes, far longer than any write takes.
         *
         * @param age zero or a positive duration
         * @return this builder
         */
        public Builder orphanedTempFileAge(Duration age) {
            Objects.requireNonNull(age, "orphanedTempFileAge");
            if (age.isNegative()) {
                throw new IllegalArgumentException("orphanedTempFileAge must not be negative: " + age);
            }
            this.orphanedTempFileAge = age;
            return this;
        }

        /**
         * Creates the storage. Does no I/O.
         *
         * @return the storage
         * @throws IllegalArgumentException if the stale bound is shorter than two heartbeat intervals
         */
        public FileStorage build() {
            if (staleAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("staleAfter (" + staleAfter + ") must be at least twice "
                        + "heartbeatInterval (" + heartbeatInterval + "), or live locks would be taken over");
            }
            return new FileStorage(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
