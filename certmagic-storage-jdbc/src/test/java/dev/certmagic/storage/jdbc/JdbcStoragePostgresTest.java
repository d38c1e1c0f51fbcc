package dev.certmagic.storage.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract and the JDBC-specific tests on a real PostgreSQL server (see {@link TestDatabase} for
 * where it comes from; skipped, loudly, when there is none): the one-statement {@code ON CONFLICT} lock path.
 */
class JdbcStoragePostgresTest extends JdbcStorageTests {

    private static TestDatabase database;

    @BeforeAll
    static void connect() {
        database = TestDatabase.postgresOrSkip();
    }

    @AfterAll
    static void dropTables() throws Exception {
        if (database != null) {
            database.drop();
        }
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
