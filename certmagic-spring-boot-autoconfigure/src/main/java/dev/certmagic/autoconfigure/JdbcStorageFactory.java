package dev.certmagic.autoconfigure;

import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.certmagic.storage.jdbc.JdbcStorage;

/**
 * Builds the {@link JdbcStorage} of {@code certmagic.storage.type=jdbc}. The connection comes from
 * {@code certmagic.storage.jdbc.url} when it is set (certificates may live in another database than the
 * application's data), else from the application's {@link DataSource} bean. Loaded only when
 * certmagic-storage-jdbc is on the class path. Building touches no database: the tables are checked on first use.
 */
final class JdbcStorageFactory {

    private final JdbcStorageProperties properties;

    JdbcStorageFactory(JdbcStorageProperties properties) {
        this.properties = properties;
    }

    /**
     * Builds the storage.
     *
     * @param applicationDataSource the application's unique {@code DataSource} bean, or {@code null}
     * @throws CertMagicConfigurationException if there is no database to use or a setting cannot work
     */
    JdbcStorage build(DataSource applicationDataSource) {
        DataSource dataSource = dataSource(applicationDataSource);
        try {
            return JdbcStorage.builder(dataSource)
                    .tables(properties.getValuesTable(), properties.getLocksTable())
                    .initializeSchema(properties.isInitializeSchema())
                    .lockExpiry(properties.getLockExpiry())
                    .heartbeatInterval(properties.getHeartbeatInterval())
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.jdbc settings cannot work: " + e.getMessage(),
                    "Use plain identifiers (optionally schema.table) for certmagic.storage.jdbc.values-table and "
                            + ".locks-table, two different names, and a certmagic.storage.jdbc.heartbeat-interval "
                            + "shorter than .lock-expiry (a third of it tolerates two missed heartbeats).");
        }
    }

    private DataSource dataSource(DataSource applicationDataSource) {
        String url = properties.getUrl();
        if (url != null && !url.isBlank()) {
            try {
                DriverManager.getDriver(url.trim());
            } catch (SQLException e) {
                throw new CertMagicConfigurationException(
                        "certmagic.storage.jdbc.url names a database for which no JDBC driver is on the class path.",
                        "Add the database's JDBC driver (for PostgreSQL org.postgresql:postgresql) to the "
                                + "application's dependencies, or correct certmagic.storage.jdbc.url.");
            }
            return new UrlDataSource(url.trim(), properties.getUsername(), properties.getPassword());
        }
        if (applicationDataSource == null) {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.type=jdbc needs a database, but the application has no single DataSource "
                            + "bean and certmagic.storage.jdbc.url is not set.",
                    "Configure the application's DataSource (spring.datasource.url with spring-boot-starter-jdbc; "
                            + "mark one @Primary if there are several), or set certmagic.storage.jdbc.url "
                            + "(and .username, .password) for certmagic's own connections.");
        }
        return applicationDataSource;
    }
}
