package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permissions audit: everything a FileStorage creates is readable by the owner only, from the start. */
class FileStoragePermissionsTest {

    @TempDir
    Path temp;

    @Test
    void everyFileIsOwnerReadWriteAndEveryFolderOwnerOnly() throws Exception {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path root = temp.resolve("a").resolve("fresh-root");
        try (FileStorage storage = FileStorage.builder(root).heartbeatInterval(Duration.ofMillis(100))
                .staleAfter(Duration.ofSeconds(1)).build()) {
            String issuer = "acme-v02.api.letsencrypt.org-directory";
            storage.store(StorageKeys.siteCertificate(issuer, "example.com"), new byte[] {1});
            storage.store(StorageKeys.sitePrivateKey(issuer, "example.com"), new byte[] {2});
            storage.store(StorageKeys.sitePrivateKey(issuer, "example.com"), new byte[] {3});
            storage.store(StorageKeys.userPrivateKey(issuer, "admin@example.com"), new byte[] {4});
            storage.store("deep/er/and/deeper/still/value", new byte[] {5});
            storage.lock(StorageKeys.issuanceLockName("example.com"));

            Map<String, String> files = new TreeMap<>();
            Map<String, String> folders = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    String mode = PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? folders : files).put(root.relativize(p)
                            .toString(), mode);
                }
            }

            assertThat(files).hasSize(5).allSatisfy((path, mode) -> assertThat(mode).as(path).isEqualTo("rw-------"));
            assertThat(folders).containsKeys("", "locks", "certificates/" + issuer + "/example.com")
                    .allSatisfy((path, mode) -> assertThat(mode).as(path).isEqualTo("rwx------"));
            assertThat(Files.getPosixFilePermissions(root.getParent())).as("folders above the root too")
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(List.copyOf(files.keySet())).noneMatch(name -> name.contains(".certmagic~"));
        }
    }
}
