package dev.certmagic.storage;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/**
 * Storage cleaning on the file system.
 */
class FileStorageCleaningTest extends StorageCleaningContractTest {

    @TempDir
    Path root;

    @Override
    protected Storage createStorage() {
        return FileStorage.builder(root).build();
    }
}
