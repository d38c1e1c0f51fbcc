package dev.certmagic.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;

/**
 * A decorator that overrides nothing must keep the whole storage contract, locks included: every method forwards.
 */
class ForwardingStorageTest extends StorageContractTest {

    @TempDir
    Path temp;

    @Override
    protected Storage createStorage() {
        return new ForwardingStorage(fileStorage()) { };
    }

    @Override
    protected Storage createPeerStorage() {
        return new ForwardingStorage(fileStorage()) { };
    }

    private FileStorage fileStorage() {
        return FileStorage.builder(temp.resolve("root")).lockPollInterval(Duration.ofMillis(20))
                .heartbeatInterval(Duration.ofMillis(100)).staleAfter(Duration.ofSeconds(1)).build();
    }
}
