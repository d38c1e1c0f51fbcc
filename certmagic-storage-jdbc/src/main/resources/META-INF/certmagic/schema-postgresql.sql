-- Tables of certmagic-storage-jdbc for PostgreSQL.
-- JdbcStorage creates them itself when initializeSchema is on (the default) and they are missing. Apply this
-- file yourself when the application's database user may not create tables. To use other table names, rename
-- both here and pass the names to JdbcStorage.Builder.tables(values, locks).
-- Times are milliseconds since the epoch on the database's clock. COLLATE "C" makes prefix searches
-- (LIKE 'prefix/%') use the primary key index.

CREATE TABLE IF NOT EXISTS certmagic_values (
    storage_key   VARCHAR(768) COLLATE "C" NOT NULL PRIMARY KEY,
    storage_value BYTEA                    NOT NULL,
    value_size    BIGINT                   NOT NULL,
    modified_at   BIGINT                   NOT NULL
);

CREATE TABLE IF NOT EXISTS certmagic_locks (
    lock_name     VARCHAR(255) COLLATE "C" NOT NULL PRIMARY KEY,
    owner_id      VARCHAR(64),
    expires_at    BIGINT                   NOT NULL,
    fencing_token BIGINT                   NOT NULL
);
