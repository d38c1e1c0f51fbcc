package dev.certmagic.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Where certificates, keys and ACME accounts are kept ({@code certmagic.storage.*}).
 */
public class StorageProperties {

    /**
     * Where to keep them: "file" (a directory of this machine) or "jdbc" (a database shared by a cluster,
     * needs certmagic-storage-jdbc).
     */
    private StorageType type = StorageType.FILE;

    /**
     * Root directory of the file storage; defaults to certmagic's data directory in the user's home.
     */
    private @Nullable Path path;

    /**
     * How often storage is swept of expired certificates, stale OCSP staples and abandoned retry and challenge
     * records; one instance of those sharing the storage sweeps per interval. 0 turns cleaning off.
     */
    private Duration cleanInterval = Duration.ofHours(24);

    /**
     * How long an expired certificate (of a name no longer managed) and an untouched record stay in storage.
     */
    private Duration keepExpired = Duration.ofHours(24);

    @NestedConfigurationProperty
    private final JdbcStorageProperties jdbc = new JdbcStorageProperties();

    public StorageType getType() {
        return type;
    }

    public void setType(StorageType type) {
        this.type = type;
    }

    public @Nullable Path getPath() {
        return path;
    }

    public void setPath(@Nullable Path path) {
        this.path = path;
    }

    public Duration getCleanInterval() {
        return cleanInterval;
    }

    public void setCleanInterval(Duration cleanInterval) {
        this.cleanInterval = cleanInterval;
    }

    public Duration getKeepExpired() {
        return keepExpired;
    }

    public void setKeepExpired(Duration keepExpired) {
        this.keepExpired = keepExpired;
    }

    public JdbcStorageProperties getJdbc() {
        return jdbc;
    }

    /**
     * Storage backends; a {@code Storage} bean of the application replaces either.
     */
    public enum StorageType {

        /** Files under {@code certmagic.storage.path}: one machine, or a shared file system. */
        FILE,

        /** Tables in a relational database, shared by every instance of a cluster. */
        JDBC
    }
}
