package dev.certmagic.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File-system primitives for {@link FileStorage}: private folders and files created with their final
 * permissions, crash-safe replacement of a file's content, and durable directory updates.
 *
 * <p>A write goes to a temporary file in the target's own folder (so the rename stays on one file system),
 * is forced to disk, renamed over the target atomically, and then the folder itself is forced so that the
 * rename survives a power loss. A crash at any point leaves either the old file or the new one, plus at worst
 * an orphaned temporary file whose name starts with {@link KeyPaths#INTERNAL_PREFIX}.
 */
final class AtomicFiles {

    /** Temporary files of writes in progress; see {@link KeyPaths#INTERNAL_PREFIX}. */
    static final String TEMP_PREFIX = KeyPaths.INTERNAL_PREFIX + "tmp~";

    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER_PERMISSIONS = PosixFilePermissions.fromString("rwx------");

    /** Attempts of a write whose folder a concurrent delete removed under it. */
    private static final int ATTEMPTS = 3;

    /** Folder walks retried after a concurrent prune; each loses only to a delete that finished in between. */
    private static final int FOLDER_ATTEMPTS = 20;

    private final boolean posix;

    /**
     * Creates the primitives for the file system of {@code root}.
     *
     * @param root any path on the file system the storage uses
     */
    AtomicFiles(Path root) {
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates a folder and its missing parents, each readable only by the owner from the moment it exists (the
     * umask can only take permissions away, never add them).
     *
     * @param folder the folder
     * @throws IOException if a folder could not be created
     */
    void createFolders(Path folder) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (posix) {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER_PERMISSIONS));
                } else {
                    Files.createDirectories(folder);
                }
                return;
            } catch (NoSuchFileException | FileAlreadyExistsException e) {
                // A concurrent delete pruned an empty folder on the way while the JDK walked it: a parent vanished
                // before its child was created, or a folder found existing was gone when checked (and may be back
                // by now). Walk again; only something there that is not a folder is a real conflict.
                Path other = e.getFile() == null ? null : Path.of(e.getFile());
                boolean notAFolder = e instanceof FileAlreadyExistsException && other != null
                        && Files.exists(other, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(other, LinkOption.NOFOLLOW_LINKS);
                if (notAFolder || attempt == FOLDER_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Opens a new file for writing that is readable only by the owner from the start.
     *
     * @param file the file, which must not exist
     * @param options further open options
     * @return the open channel
     * @throws FileAlreadyExistsException if the file exists
     * @throws IOException if the file could not be created
     */
    FileChannel createPrivate(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(Set.of(options));
        all.add(StandardOpenOption.CREATE_NEW);
        all.add(StandardOpenOption.WRITE);
        return FileChannel.open(file, all, privateFile());
    }

    /**
     * Opens a file for writing, creating it (private) if it does not exist yet; for files that several
     * processes share, such as the lock takeover guard.
     *
     * @param file the file
     * @return the open channel
     * @throws IOException if the file could not be opened or created
     */
    FileChannel openShared(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), privateFile());
    }

    /**
     * Replaces the content of {@code target} with {@code value}, atomically and durably. Creates missing
     * folders.
     *
     * @param target the file to write
     * @param value its new content
     * @throws IOException if the write failed; {@code target} then still holds its previous content
     */
    void write(Path target, byte[] value) throws IOException {
        Path folder = target.getParent();
        for (int attempt = 1; ; attempt++) {
            createFolders(folder);
            Path temp = folder.resolve(TEMP_PREFIX + randomHex());
            try {
                try (FileChannel channel = createPrivate(temp)) {
                    writeFully(channel, ByteBuffer.wrap(value));
                    channel.force(true);
                }
                moveAtomically(temp, target);
                forceFolder(folder);
                return;
            } catch (NoSuchFileException e) {
                // A concurrent delete of a prefix removed the folder between its creation and our write.
                Files.deleteIfExists(temp);
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /**
     * Forces a folder's entries (creations, renames, deletions) to disk. Some platforms cannot open a folder
     * as a channel; there the rename is as durable as the platform makes it.
     *
     * @param folder the folder
     */
    void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows and some network file systems refuse this; nothing more can be done there.
        }
    }

    /**
     * Writes the whole buffer, however many calls that takes.
     *
     * @param channel the channel
     * @param buffer the bytes
     * @throws IOException if writing failed
     */
    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Writes the whole buffer at a position, however many calls that takes.
     *
     * @param channel the channel
     * @param buffer the bytes
     * @param position where to start
     * @throws IOException if writing failed
     */
    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /**
     * Returns a random name part, so that concurrent writers in many processes never pick the same temp file.
     *
     * @return 16 hex digits
     */
    static String randomHex() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private FileAttribute<?>[] privateFile() {
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS)}
                : new FileAttribute<?>[0];
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system under " + target.getParent()
                    + " cannot rename atomically, so it cannot hold certificates safely", e);
        }
    }
}
