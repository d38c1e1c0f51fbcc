package dev.certmagic.autoconfigure;

import javax.sql.DataSource;

import dev.certmagic.storage.jdbc.JdbcStorage;

/**
 * Builds the {@link JdbcStorage} of {@code certmagic.storage.type=jdbc} on the connections {@link JdbcConnections}
 * chose (certmagic's own pool for {@code certmagic.storage.jdbc.url}, else the application's {@link DataSource}
 * bean). Loaded only when
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
     * @param dataSource the connections chosen by {@link JdbcConnections}
     * @throws CertMagicConfigurationException if a setting cannot work
     */
    JdbcStorage build(DataSource dataSource) {
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
}
