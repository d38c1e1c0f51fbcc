package dev.certmagic.storage.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * The SQL dialects {@link JdbcStorage} speaks. They differ only in how a value is upserted, how the database's
 * clock is read and which DDL creates the tables; everything else is plain SQL.
 *
 * <p>The dialect is normally detected from {@link java.sql.DatabaseMetaData#getDatabaseProductName()}; choose one
 * with {@link JdbcStorage.Builder#dialect(JdbcDialect)} for a database that speaks one of these dialects under
 * another name.
 */
public enum JdbcDialect {

    /** PostgreSQL 9.5+ (the tested target), and databases that speak its dialect. */
    POSTGRESQL("postgresql", "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"),

    /** MySQL 8 and MariaDB 10.5+. */
    MYSQL("mysql", "FLOOR(UNIX_TIMESTAMP(NOW(3)) * 1000.0)"),

    /** H2 2.x, in-process; handy for tests and single-machine set-ups. */
    H2("h2", "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)");

    private final String id;
    private final String nowMillis;

    JdbcDialect(String id, String nowMillis) {
        this.id = id;
        this.nowMillis = nowMillis;
    }

    /**
     * Returns the classpath resource with this dialect's DDL, for users who create the tables themselves.
     *
     * @return a resource name such as {@code META-INF/certmagic/schema-postgresql.sql}
     */
    public String schemaResource() {
        return "META-INF/certmagic/schema-" + id + ".sql";
    }

    /**
     * Finds the dialect of a database from its product name.
     *
     * @param productName what {@link java.sql.DatabaseMetaData#getDatabaseProductName()} returned
     * @return the dialect, or empty for a database this storage does not know
     */
    public static Optional<JdbcDialect> forProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return Optional.of(MYSQL);
        }
        if (name.equals("h2")) {
            return Optional.of(H2);
        }
        return Optional.empty();
    }

    /** An SQL expression for the database's current time in milliseconds since the epoch, as a BIGINT. */
    String nowMillis() {
        return nowMillis;
    }

    /**
     * Whether one statement can take a lock atomically (insert, or take over an expired row) and return its
     * fencing token; the other dialects use an update of an expired row followed by an insert.
     */
    boolean hasConditionalUpsert() {
        return this == POSTGRESQL;
    }

    /** An atomic insert-or-replace of one value; parameters: key, value, size. */
    String upsertValue(String table) {
        String columns = table + " (storage_key, storage_value, value_size, modified_at)";
        String values = " VALUES (?, ?, ?, " + nowMillis + ")";
        switch (this) {
            case POSTGRESQL:
                return "INSERT INTO " + columns + values + " ON CONFLICT (storage_key) DO UPDATE SET "
                        + "storage_value = EXCLUDED.storage_value, value_size = EXCLUDED.value_size, "
                        + "modified_at = EXCLUDED.modified_at";
            case MYSQL:
                return "INSERT INTO " + columns + values + " ON DUPLICATE KEY UPDATE "
                        + "storage_value = VALUES(storage_value), value_size = VALUES(value_size), "
                        + "modified_at = VALUES(modified_at)";
            case H2:
                return "MERGE INTO " + columns + " KEY (storage_key)" + values;
            default:
                throw new IllegalStateException("Unknown dialect " + this);
        }
    }
}
