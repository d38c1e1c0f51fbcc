package dev.certmagic.storage.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract and the JDBC-specific tests on an in-process H2 database (dialect {@link JdbcDialect#H2},
 * detected from the driver): the update-then-insert lock path and H2's {@code MERGE}.
 */
class JdbcStorageH2Test extends JdbcStorageTest {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.h2();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.drop();
    }

    @Override
    TestDatabase database() {
        return database;
    }
}
