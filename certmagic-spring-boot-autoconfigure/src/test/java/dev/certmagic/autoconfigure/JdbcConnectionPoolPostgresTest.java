package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;

/**
 * Issue 20 item 4, the database side: with {@code certmagic.storage.jdbc.url}, storage reads share a bounded pool
 * of physical connections to the real PostgreSQL ({@code scripts/ensure-postgres}) instead of opening one each,
 * and the pool is closed with the application. Physical connections are counted twice: by a driver shim that
 * counts every {@code connect} before handing it to the real PostgreSQL driver, and by PostgreSQL itself
 * ({@code pg_stat_activity} for this test's {@code ApplicationName}).
 */
class JdbcConnectionPoolPostgresTest {

    private static final ClusterDatabase DATABASE = ClusterDatabase.connect();

    private static final CountingDriver DRIVER = new CountingDriver();

    private final String applicationName = "certmagic-pool-" + HexFormat.of().toHexDigits(
            ThreadLocalRandom.current().nextInt());

    @BeforeAll
    static void registerDriver() throws SQLException {
        DriverManager.registerDriver(DRIVER);
    }

    @AfterAll
    static void dropTables() throws SQLException {
        DriverManager.deregisterDriver(DRIVER);
        DATABASE.drop();
    }

    private ApplicationContextRunner runner() {
        String url = CountingDriver.PREFIX + DATABASE.url().substring("jdbc:".length())
                + (DATABASE.url().contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=app.example.com", "certmagic.agreed=true",
                        "certmagic.ca=https://127.0.0.1:1/dir", "certmagic.storage.type=jdbc",
                        "certmagic.storage.jdbc.url=" + url,
                        "certmagic.storage.jdbc.values-table=" + DATABASE.valuesTable(),
                        "certmagic.storage.jdbc.locks-table=" + DATABASE.locksTable());
    }

    @Test
    void fiveHundredConcurrentReadsOpenAtMostThePoolsConnectionsAndClosingTheApplicationClosesThem()
            throws SQLException {
        DATABASE.assumeAvailable();
        runner().run(context -> {
            Storage storage = context.getBean(Storage.class);
            int before = DRIVER.connects.get();
            ExecutorService readers = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> reads = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    int n = i;
                    reads.add(readers.submit(() -> {
                        try {
                            storage.load("challenges/h" + n + ".example.net.json");
                        } catch (KeyNotFoundException expected) {
                            // A stranger's name: nothing stored, as in the flood.
                        }
                        return null;
                    }));
                }
                for (Future<?> read : reads) {
                    read.get();
                }
            } finally {
                readers.shutdown();
            }
            int opened = DRIVER.connects.get() - before;
            assertThat(opened).isBetween(1, JdbcStorageProperties.DEFAULT_MAXIMUM_POOL_SIZE);
            assertThat(openConnections()).isBetween(1, JdbcStorageProperties.DEFAULT_MAXIMUM_POOL_SIZE);
        });
        // The context is closed: the pool is gone, and with it every connection of this application.
        assertThat(openConnections()).isZero();
    }

    private int openConnections() throws SQLException {
        try (Connection connection = DATABASE.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            count.setString(1, applicationName);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** {@code jdbc:counting:postgresql:...}: the real PostgreSQL driver, with every physical connection counted. */
    static final class CountingDriver implements Driver {

        static final String PREFIX = "jdbc:counting:";

        final AtomicInteger connects = new AtomicInteger();

        private final Driver postgres = new org.postgresql.Driver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            connects.incrementAndGet();
            return postgres.connect(real(url), info);
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith(PREFIX);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return postgres.getPropertyInfo(real(url), info);
        }

        @Override
        public int getMajorVersion() {
            return postgres.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return postgres.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        private static String real(String url) {
            return "jdbc:" + url.substring(PREFIX.length());
        }
    }
}
