package dev.certmagic.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Maps storage keys to paths below a root folder, and is the only place in {@link FileStorage} that does.
 *
 * <p>Keys are checked twice: first syntactically (no empty segment, no {@code .} or {@code ..}, no NUL or other
 * control character, no backslash, not absolute, no segment that looks like one of our temporary files), then
 * the resolved, normalized path must lie below the root. Either check alone would do today; both together keep
 * a future change to one of them from opening a way out of the root.
 */
final class KeyPaths {

    /** Every file name that {@link FileStorage} creates for its own bookkeeping starts with this. */
    static final String INTERNAL_PREFIX = ".certmagic~";

    /** Longest segment, in UTF-8 bytes, that common file systems accept as a file name. */
    private static final int MAX_SEGMENT_BYTES = 255;

    private final Path root;

    /**
     * Creates the mapping for one root.
     *
     * @param root the storage's root folder; made absolute and normalized
     */
    KeyPaths(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /**
     * Returns the root folder.
     *
     * @return the absolute, normalized root
     */
    Path root() {
        return root;
    }

    /**
     * Resolves a key that names a value or a prefix (never the root itself).
     *
     * @param key the key
     * @return the path below the root
     * @throws IllegalArgumentException if the key is not acceptable; the message names the problem
     */
    Path resolve(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Storage key must not be empty");
        }
        return checked(key);
    }

    /**
     * Resolves a list prefix; the empty string stands for the root.
     *
     * @param prefix the prefix
     * @return the root or a path below it
     * @throws IllegalArgumentException if the prefix is not acceptable
     */
    Path resolvePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return prefix.isEmpty() ? root : checked(prefix);
    }

    /**
     * Turns a path below the root back into its key.
     *
     * @param path a path below the root
     * @return the {@code /}-separated key
     */
    String keyOf(Path path) {
        Path relative = root.relativize(path);
        StringBuilder key = new StringBuilder();
        for (Path segment : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(segment);
        }
        return key.toString();
    }

    /**
     * Tells whether a file name belongs to the storage's own bookkeeping (temporary files), which is never
     * visible as a key.
     *
     * @param fileName a file name
     * @return {@code true} for internal files
     */
    static boolean isInternal(Path fileName) {
        return fileName != null && fileName.toString().startsWith(INTERNAL_PREFIX);
    }

    /**
     * Tells whether an internal file is disposable: a leftover of an interrupted write or lock takeover, as
     * opposed to a file that is kept on purpose (the takeover guard).
     *
     * @param fileName a file name
     * @return {@code true} for temporary files
     */
    static boolean isTemporary(Path fileName) {
        if (fileName == null) {
            return false;
        }
        String name = fileName.toString();
        return name.startsWith(AtomicFiles.TEMP_PREFIX) || name.startsWith(LockFiles.ASIDE_PREFIX);
    }

    private Path checked(String key) {
        validateSyntax(key);
        Path resolved = root.resolve(key.replace('/', root.getFileSystem().getSeparator().charAt(0))).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw rejected(key, "resolves outside the storage root");
        }
        return resolved;
    }

    private static void validateSyntax(String key) {
        if (key.startsWith("/")) {
            throw rejected(key, "must not be absolute (leading '/')");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\0') {
                throw rejected(key, "contains a NUL character");
            }
            if (c < 0x20 || c == 0x7f) {
                throw rejected(key, "contains a control character");
            }
            if (c == '\\') {
                throw rejected(key, "contains a backslash; segments are separated by '/'");
            }
        }
        if (key.length() >= 2 && key.charAt(1) == ':') {
            throw rejected(key, "looks like a drive-absolute path");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw rejected(key, "has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw rejected(key, "has a '" + segment + "' segment");
            }
            if (segment.startsWith(INTERNAL_PREFIX)) {
                throw rejected(key, "has a segment starting with '" + INTERNAL_PREFIX
                        + "', which is reserved for temporary files");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw rejected(key, "has a segment longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
    }

    private static IllegalArgumentException rejected(String key, String problem) {
        return new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' " + problem);
    }
}
