package dev.certmagic.storage;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks the folders of a {@link FileStorage}: listing, recursive deletion, pruning of empty folders and the
 * sweep of orphaned temporary files.
 *
 * <p>Only regular files are values; symbolic links and other special files are never followed or listed, and
 * internal files ({@link KeyPaths#isInternal}) are invisible. A folder is a key only while some visible regular
 * file lies below it, so an empty folder left behind by a crash is not reported as an existing key. Files that
 * vanish during a walk (a concurrent delete) are skipped, not reported as errors.
 */
final class FileTree {

    private final KeyPaths paths;

    FileTree(KeyPaths paths) {
        this.paths = paths;
    }

    /**
     * Tells whether a visible value lies anywhere below {@code folder}; stops at the first one found.
     *
     * @param folder the folder
     * @return {@code true} if some key below it is terminal
     * @throws IOException if the walk failed
     */
    boolean holdsValues(Path folder) throws IOException {
        boolean[] found = {false};
        walk(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (isValue(file, attributes)) {
                    found[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found[0];
    }

    /**
     * Lists keys below {@code folder}, see {@link Storage#list(String, boolean)}.
     *
     * @param folder an existing folder
     * @param recursive whether to descend
     * @return the keys, terminal and non-terminal
     * @throws IOException if reading a folder failed
     */
    List<String> list(Path folder, boolean recursive) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        if (recursive) {
            walk(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (isValue(file, attributes)) {
                        for (Path p = file; !p.equals(folder); p = p.getParent()) {
                            keys.add(paths.keyOf(p));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
            return new ArrayList<>(keys);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                BasicFileAttributes attributes = attributesOrNull(child);
                if (attributes == null || KeyPaths.isInternal(child.getFileName())) {
                    continue;
                }
                if (attributes.isRegularFile() || (attributes.isDirectory() && holdsValues(child))) {
                    keys.add(paths.keyOf(child));
                }
            }
        }
        return new ArrayList<>(keys);
    }

    /**
     * Deletes a folder and everything below it, including other writers' temporary files.
     *
     * @param folder the folder
     * @throws IOException if a file could not be deleted; folders that stay non-empty because of concurrent
     *     writes are left for the caller to judge
     */
    void deleteRecursively(Path folder) throws IOException {
        walk(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                try {
                    Files.deleteIfExists(dir);
                } catch (DirectoryNotEmptyException e) {
                    // A concurrent store created something here; the caller checks what remains visible.
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Removes empty folders from {@code folder} up to (not including) the root, so that deleted keys leave no
     * empty folders behind. Stops at the first folder that is not empty.
     *
     * @param folder the folder to start from
     */
    void pruneEmptyFolders(Path folder) {
        for (Path dir = folder; dir != null && !dir.equals(paths.root()) && dir.startsWith(paths.root());
                dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Deletes temporary files (of interrupted writes and lock takeovers) last modified before
     * {@code olderThan}: what a crashed process left behind. Younger ones may belong to a write in progress in
     * another process and are kept.
     *
     * @param olderThan the cut-off
     * @return how many files were deleted
     * @throws IOException if the walk failed
     */
    int sweepTemporaryFiles(Instant olderThan) throws IOException {
        if (!Files.isDirectory(paths.root())) {
            return 0;
        }
        int[] swept = {0};
        walk(paths.root(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile() && KeyPaths.isTemporary(file.getFileName())
                        && attributes.lastModifiedTime().toInstant().isBefore(olderThan)
                        && Files.deleteIfExists(file)) {
                    swept[0]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return swept[0];
    }

    private static boolean isValue(Path file, BasicFileAttributes attributes) {
        return attributes.isRegularFile() && !KeyPaths.isInternal(file.getFileName());
    }

    /**
     * Reads a path's own attributes (links not followed).
     *
     * @param path a path below the root
     * @return the attributes, or {@code null} if nothing is there, including when a folder on the way is a file
     *     (a key below a terminal key)
     * @throws IOException if reading failed for another reason
     */
    BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            for (Path up = path.getParent(); up != null && up.startsWith(paths.root()) && !up.equals(paths.root());
                    up = up.getParent()) {
                if (Files.isRegularFile(up, LinkOption.NOFOLLOW_LINKS)) {
                    return null;
                }
            }
            throw e;
        }
    }

    /**
     * Refuses a path that reaches its target through a symbolic link to a folder inside the root: such a link
     * would let a key be written to, read from or deleted outside the root. The root itself may be a link
     * (operators mount storage elsewhere). Checks the folders from the root down while they exist.
     *
     * @param path a path below the root
     * @throws FileSystemException naming the link, if a folder on the way is one
     * @throws IOException if reading a folder's attributes failed
     */
    void refuseLinkedFolders(Path path) throws IOException {
        Path folder = paths.root();
        for (Path segment : paths.root().relativize(path.getParent() == null ? path : path.getParent())) {
            if (segment.toString().isEmpty()) {
                return;
            }
            folder = folder.resolve(segment);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            } catch (FileSystemException e) {
                // A file where a folder should be: the lookup that follows reports the key as missing.
                return;
            }
            if (attributes.isSymbolicLink()) {
                throw new FileSystemException(folder.toString(), null, "is a symbolic link inside the storage "
                        + "root; FileStorage never follows links below its root. Replace it with a real folder");
            }
            if (!attributes.isDirectory()) {
                return;
            }
        }
    }

    /** Walks without following links, skipping entries that disappear while we look. */
    private static void walk(Path start, SimpleFileVisitor<Path> visitor) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                return visitor.preVisitDirectory(dir, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                return visitor.visitFile(file, attributes);
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                return visitor.postVisitDirectory(dir, null);
            }
        });
    }
}
