package dev.certmagic.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the database storage ({@code certmagic.storage.jdbc.*}), used when
 * {@code certmagic.storage.type=jdbc}. Every instance of a cluster must name the same database and tables.
 * Kept in its own file so that {@link CertMagicProperties} stays one screenful per concern.
 */
public class JdbcStorageProperties {

    /** Default bound on certmagic's own connections to the database of certmagic.storage.jdbc.url. */
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 5;

    /**
     * JDBC URL of the database that holds certificates. When set, certmagic keeps its own small pool of
     * connections (HikariCP) to it with the username and password below; when unset, the application's
     * DataSource bean is used.
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
     * Most connections certmagic's own pool opens to the database of certmagic.storage.jdbc.url. The pool starts
     * empty and closes connections idle for a minute.
     */
    private int maximumPoolSize = DEFAULT_MAXIMUM_POOL_SIZE;

    /**
     * Longest wait for a free connection of certmagic's own pool before a storage call fails.
     */
    private Duration connectionTimeout = Duration.ofSeconds(10);

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

    public int getMaximumPoolSize() {
        return maximumPoolSize;
    }

    public void setMaximumPoolSize(int maximumPoolSize) {
        this.maximumPoolSize = maximumPoolSize;
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
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
