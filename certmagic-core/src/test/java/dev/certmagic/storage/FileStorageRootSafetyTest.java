package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage root on a real file system: created owner-only, an existing one that others may write to is
 * reported, and a symbolic link to a folder inside the root is never followed, so a value can neither be written
 * to nor read from outside the root through it.
 */
class FileStorageRootSafetyTest {

    private static final String ISSUER = "acme-v02.api.letsencrypt.org-directory";

    @TempDir
    Path temp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }

    @Test
    void prepareRootCreatesAMissingRootAndItsParentsOwnerOnly() throws Exception {
        Path root = temp.resolve("parent").resolve("root");
        FileStorage storage = FileStorage.builder(root).build();

        assertThat(storage.prepareRoot()).isEmpty();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aRootOrCertificatesFolderOthersMayWriteToIsReportedAndLeftAsTheOperatorSetIt() throws Exception {
        Path root = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path certificates = Files.createDirectories(root.resolve("certificates"));
        Files.setPosixFilePermissions(certificates, PosixFilePermissions.fromString("rwxrwx---"));
        FileStorage storage = FileStorage.builder(root).build();

        assertThat(storage.prepareRoot()).hasSize(2).anySatisfy(warning -> assertThat(warning)
                .contains(root.toString()).contains("rwxrwxrwx").contains("chmod 700"))
                .anySatisfy(warning -> assertThat(warning).contains(certificates.toString())
                        .contains("rwxrwx---"));
        assertThat(storage.permissionWarnings()).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root))).isEqualTo("rwxrwxrwx");

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(certificates, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(storage.permissionWarnings()).as("readable by the group, but no longer writable").isEmpty();
    }

    @Test
    void aStoreThroughASymlinkedFolderIsRefusedAndWritesNothingOutsideTheRoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("certificates"), outside);
        FileStorage storage = FileStorage.builder(root).build();

        assertThatThrownBy(() -> storage.store(StorageKeys.sitePrivateKey(ISSUER, "a.example"), new byte[] {1}))
                .isInstanceOf(IOException.class).hasMessageContaining("symbolic link")
                .hasMessageContaining(root.resolve("certificates").toString());

        try (var left = Files.list(outside)) {
            assertThat(left).as("nothing written through the link").isEmpty();
        }
    }

    @Test
    void aLoadThroughASymlinkedFolderDeepInTheTreeIsRefused() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Path outside = Files.createDirectories(temp.resolve("outside").resolve("a.example"));
        Files.write(outside.resolve("a.example.key"), new byte[] {7});
        Files.createDirectories(root.resolve("certificates").resolve(ISSUER));
        Files.createSymbolicLink(root.resolve("certificates").resolve(ISSUER).resolve("a.example"), outside);
        FileStorage storage = FileStorage.builder(root).build();

        assertThatThrownBy(() -> storage.load(StorageKeys.sitePrivateKey(ISSUER, "a.example")))
                .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> storage.delete(StorageKeys.sitePrivateKey(ISSUER, "a.example")))
                .isInstanceOf(IOException.class).hasMessageContaining("symbolic link");
        assertThat(Files.exists(outside.resolve("a.example.key"))).as("nothing deleted through the link").isTrue();
    }

    @Test
    void aSymlinkedRootItselfIsFollowedAsOperatorsMountStorageElsewhere() throws Exception {
        Path real = Files.createDirectories(temp.resolve("disk").resolve("certmagic"));
        Path root = Files.createSymbolicLink(temp.resolve("link-root"), real);
        FileStorage storage = FileStorage.builder(root).build();

        storage.store("certificates/x/y", new byte[] {3});

        assertThat(storage.load("certificates/x/y")).containsExactly(3);
        assertThat(Files.readAllBytes(real.resolve("certificates/x/y"))).containsExactly(3);
    }
}
