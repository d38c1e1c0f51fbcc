package dev.certmagic.storage.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageCleaningContractTest;

/**
 * Storage cleaning on a real PostgreSQL server (see {@link TestDatabase}; skipped, loudly, when there is none):
 * among them, one sweep after 100 expired certificates were placed removes exactly those.
 */
class JdbcStorageCleaningPostgresTest extends StorageCleaningContractTest {

    private static TestDatabase database;

    @BeforeAll
    static void connect() {
        database = TestDatabase.postgres();
    }

    @BeforeEach
    void requirePostgres() {
        database.assumeAvailable();
    }

    @AfterAll
    static void dropTables() throws Exception {
        database.drop();
    }

    @Override
    protected Storage createStorage() throws Exception {
        database.assumeAvailable();
        database.clear();
        return database.builder(database.dataSource()).build();
    }
}
