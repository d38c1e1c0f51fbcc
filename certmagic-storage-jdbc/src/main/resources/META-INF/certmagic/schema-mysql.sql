-- Tables of certmagic-storage-jdbc for MySQL 8 and MariaDB 10.5+ (InnoDB).
-- JdbcStorage creates them itself when initializeSchema is on (the default) and they are missing. Apply this
-- file yourself when the application's database user may not create tables. To use other table names, rename
-- both here and pass the names to JdbcStorage.Builder.tables(values, locks).
-- Times are milliseconds since the epoch on the database's clock. The binary collation keeps keys
-- case-sensitive (the default collations would make 'A' and 'a' the same key).

CREATE TABLE IF NOT EXISTS certmagic_values (
    storage_key   VARCHAR(768) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    storage_value LONGBLOB                                               NOT NULL,
    value_size    BIGINT                                                 NOT NULL,
    modified_at   BIGINT                                                 NOT NULL
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS certmagic_locks (
    lock_name     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    owner_id      VARCHAR(64),
    expires_at    BIGINT                                                 NOT NULL,
    fencing_token BIGINT                                                 NOT NULL
) ENGINE = InnoDB;
