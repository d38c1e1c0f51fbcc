package dev.certmagic.autoconfigure;

import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The connections of the database storage: the application's {@link DataSource}, or, with
 * {@code certmagic.storage.jdbc.url}, a small HikariCP pool of certmagic's own. A pool, because storage reads
 * can be caused by strangers (a validation request, a handshake for a managed name not cached yet): one
 * {@code DriverManager} connection per read let 1,000 requests open 1,000 physical connections. The pool starts
 * empty, connects on first use (so a database that is down at startup does not stop the application), shrinks
 * back to nothing when idle, and is closed with the application context after the manager has released its
 * locks (the storage bean depends on this one). The application's own {@code DataSource} is never closed here.
 */
final class JdbcConnections implements AutoCloseable {

    private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";

    private final DataSource dataSource;
    private final AutoCloseable owned;

    private JdbcConnections(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    /**
     * Chooses the connections for the settings.
     *
     * @param properties {@code certmagic.storage.jdbc.*}
     * @param applicationDataSource the application's unique {@code DataSource} bean, or {@code null}
     * @throws CertMagicConfigurationException if there is no database to use, or no driver or pool for the URL
     */
    static JdbcConnections choose(JdbcStorageProperties properties, DataSource applicationDataSource) {
        String url = properties.getUrl();
        if (url != null && !url.isBlank()) {
            checkDriver(url.trim());
            checkPool();
            checkPoolSettings(properties);
            return Pool.create(url.trim(), properties);
        }
        if (applicationDataSource == null) {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.type=jdbc needs a database, but the application has no single DataSource "
                            + "bean and certmagic.storage.jdbc.url is not set.",
                    "Configure the application's DataSource (spring.datasource.url with spring-boot-starter-jdbc; "
                            + "mark one @Primary if there are several), or set certmagic.storage.jdbc.url "
                            + "(and .username, .password) for certmagic's own connections.");
        }
        return new JdbcConnections(applicationDataSource, null);
    }

    /** The data source the storage uses. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Closes certmagic's own pool, if it has one; the application's data source stays open. */
    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }

    private static void checkDriver(String url) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.jdbc.url names a database for which no JDBC driver is on the class path.",
                    "Add the database's JDBC driver (for PostgreSQL org.postgresql:postgresql) to the "
                            + "application's dependencies, or correct certmagic.storage.jdbc.url.");
        }
    }

    private static void checkPoolSettings(JdbcStorageProperties properties) {
        if (properties.getMaximumPoolSize() < 1 || properties.getConnectionTimeout() == null
                || properties.getConnectionTimeout().toMillis() < 250) {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.jdbc.maximum-pool-size must be at least 1 and "
                            + "certmagic.storage.jdbc.connection-timeout at least 250ms (they are "
                            + properties.getMaximumPoolSize() + " and " + properties.getConnectionTimeout() + ").",
                    "Remove both settings to get the defaults (" + JdbcStorageProperties.DEFAULT_MAXIMUM_POOL_SIZE
                            + " connections, 10s), or set values within those bounds.");
        }
    }

    private static void checkPool() {
        try {
            Class.forName(HIKARI, false, JdbcConnections.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.jdbc.url is set, but HikariCP, which pools certmagic's own connections, is "
                            + "not on the class path.",
                    "Add com.zaxxer:HikariCP (certmagic-storage-jdbc brings it unless it is excluded; Spring Boot "
                            + "manages its version), or unset certmagic.storage.jdbc.url to use the application's "
                            + "DataSource.");
        }
    }

    /** Kept apart so that HikariCP's classes load only once {@link #checkPool()} found them. */
    private static final class Pool {

        static JdbcConnections create(String url, JdbcStorageProperties properties) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("certmagic-storage");
            config.setJdbcUrl(url);
            config.setUsername(properties.getUsername());
            config.setPassword(properties.getPassword());
            config.setMaximumPoolSize(properties.getMaximumPoolSize());
            // Starts empty and empties again when idle: certmagic is idle most of the day.
            config.setMinimumIdle(0);
            config.setIdleTimeout(60_000);
            // Connect on first use: building the storage touches no database (it may be down at startup).
            config.setInitializationFailTimeout(-1);
            // A caller waits at most this long for a free connection, then its storage call fails.
            config.setConnectionTimeout(properties.getConnectionTimeout().toMillis());
            HikariDataSource pool = new HikariDataSource(config);
            return new JdbcConnections(pool, pool);
        }
    }
}
