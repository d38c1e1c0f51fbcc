package dev.certmagic.storage.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageCleaningContractTest;

/**
 * Storage cleaning on an in-memory H2 database: the same contract as on PostgreSQL, fast enough for every build.
 */
class JdbcStorageCleaningH2Test extends StorageCleaningContractTest {

    private static TestDatabase database;

    @BeforeAll
    static void connect() {
        database = TestDatabase.h2();
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
