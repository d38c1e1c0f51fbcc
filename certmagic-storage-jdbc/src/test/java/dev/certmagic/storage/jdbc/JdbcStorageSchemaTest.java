package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Schema creation on PostgreSQL when several instances start at once (PostgreSQL reports a duplicate type to
 * the losers of a concurrent {@code CREATE TABLE IF NOT EXISTS}), and use of tables created by someone else
 * with schema creation off. Skipped, loudly, without a PostgreSQL server.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JdbcStorageSchemaTest {

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

    @Test
    void instancesStartingTogetherAllCreateOrFindTheTables() throws Exception {
        int instances = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<JdbcStorage> storages = new ArrayList<>();
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                JdbcStorage storage = database.builder(database.dataSource()).build();
                storages.add(storage);
                String key = "boot/" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    storage.store(key, key.getBytes(StandardCharsets.UTF_8));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }

            assertThat(storages.get(0).list("boot", false)).hasSize(instances);
        } finally {
            pool.shutdownNow();
            for (JdbcStorage storage : storages) {
                storage.close();
            }
        }
    }

    @Test
    void tablesCreatedBeforehandAreUsedWithSchemaCreationOff() throws Exception {
        try (JdbcStorage creator = database.builder(database.dataSource()).build()) {
            creator.store("pre/existing", new byte[] {7});
        }
        try (JdbcStorage user = database.builder(database.dataSource()).initializeSchema(false).build()) {
            assertThat(user.load("pre/existing")).containsExactly(7);
        }
    }
}
