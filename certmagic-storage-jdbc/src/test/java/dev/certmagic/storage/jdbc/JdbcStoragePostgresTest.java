package dev.certmagic.storage.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The storage contract and the JDBC-specific tests on a real PostgreSQL server (see {@link TestDatabase} for
 * where it comes from; skipped, loudly, when there is none): the one-statement {@code ON CONFLICT} lock path.
 */
class JdbcStoragePostgresTest extends JdbcStorageTest {

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
    TestDatabase database() {
        return database;
    }
}
