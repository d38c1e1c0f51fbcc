package dev.certmagic.storage.jdbc;

import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link JdbcDialect#MYSQL} statements and DDL, run through H2's MySQL compatibility mode: a smoke test that
 * the MySQL/MariaDB dialect's SQL ({@code ON DUPLICATE KEY UPDATE}, {@code UNIX_TIMESTAMP}, the DDL) parses and
 * behaves, since no MySQL server is available to the build. It is not a substitute for one. Only the contract
 * runs here: H2's {@code UNIX_TIMESTAMP} has whole seconds, too coarse for the one-second expiry tests.
 */
class JdbcStorageMySqlDialectOnH2Test extends StorageContractTest {

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.h2(";MODE=MySQL;DATABASE_TO_LOWER=TRUE").withDialect(JdbcDialect.MYSQL);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.drop();
    }

    @Override
    protected Storage createStorage() throws Exception {
        database.clear();
        return database.builder(database.dataSource()).build();
    }

    @Override
    protected Storage createPeerStorage() {
        return database.builder(database.dataSource()).build();
    }
}
