package dev.certmagic.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks the folders of a {@link FileStorage} that hold private keys for permissions that let other users write
 * to them: whoever may write to the root, {@code certificates/} or {@code acme/} can replace a certificate or an
 * account key, or swap a folder for a symbolic link. Existing folders are reported, never changed: the operator
 * may have set them so on purpose (a group-managed volume), and a program that silently changes permissions of
 * folders it did not create surprises more than it protects.
 */
final class RootPermissions {

    /** The folders below the root whose content must not be writable by others. */
    private static final List<String> SENSITIVE = List.of("certificates", "acme");

    private RootPermissions() {
    }

    /**
     * Lists the sensitive folders (root, {@code certificates/}, {@code acme/}) that exist and are writable by
     * their group or by everyone, one warning per folder that names it, its mode and the fix.
     *
     * @param root the storage root (a link to a folder is followed: operators mount storage elsewhere)
     * @return the warnings; empty when all is private, or on file systems without POSIX permissions
     */
    static List<String> warnings(Path root) {
        if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        check(root, warnings);
        for (String folder : SENSITIVE) {
            check(root.resolve(folder), warnings);
        }
        return List.copyOf(warnings);
    }

    private static void check(Path folder, List<String> warnings) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(folder);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            warnings.add("Storage folder " + folder + ": its permissions could not be read (" + e + ")");
            return;
        }
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            warnings.add("Storage folder " + folder + " is writable by other users ("
                    + PosixFilePermissions.toString(mode) + "), who could replace certificates and keys: run "
                    + "chmod 700 '" + folder + "'");
        }
    }
}
