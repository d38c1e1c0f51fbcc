package dev.certmagic.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the database storage ({@code certmagic.storage.jdbc.*}), used when
 * {@code certmagic.storage.type=jdbc}. Every instance of a cluster must name the same database and tables.
 * Kept in its own file so that {@link CertMagicProperties} stays one screenful per concern.
 */
public class JdbcStorageProperties {

    /**
     * JDBC URL of the database that holds certificates. When set, certmagic opens its own (unpooled) connections
     * with it and the username and password below; when unset, the application's DataSource bean is used.
     */
    private @Nullable String url;

    /**
     * Login user of the database named by certmagic.storage.jdbc.url.
     */
    private @Nullable String username;

    /**
     * Login password of the database named by certmagic.storage.jdbc.url.
     */
    private @Nullable String password;

    /**
     * Whether missing tables are created on first use. Turn it off when the application's user may not create
     * tables, and apply META-INF/certmagic/schema-<database>.sql from certmagic-storage-jdbc yourself.
     */
    private boolean initializeSchema = true;

    /**
     * Table of stored values (certificates, keys, ACME accounts): a plain identifier, optionally schema.table.
     */
    private String valuesTable = "certmagic_values";

    /**
     * Table of cluster locks: a plain identifier, optionally schema.table.
     */
    private String locksTable = "certmagic_locks";

    /**
     * How long a lock stays taken after its holder's last heartbeat: the longest a crashed instance's lock
     * delays the others.
     */
    private Duration lockExpiry = Duration.ofSeconds(30);

    /**
     * How often a lock holder extends its locks; keep it at most a third of the lock expiry.
     */
    private Duration heartbeatInterval = Duration.ofSeconds(10);

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public @Nullable String getUsername() {
        return username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    public @Nullable String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public boolean isInitializeSchema() {
        return initializeSchema;
    }

    public void setInitializeSchema(boolean initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public String getValuesTable() {
        return valuesTable;
    }

    public void setValuesTable(String valuesTable) {
        this.valuesTable = valuesTable;
    }

    public String getLocksTable() {
        return locksTable;
    }

    public void setLocksTable(String locksTable) {
        this.locksTable = locksTable;
    }

    public Duration getLockExpiry() {
        return lockExpiry;
    }

    public void setLockExpiry(Duration lockExpiry) {
        this.lockExpiry = lockExpiry;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }
}
