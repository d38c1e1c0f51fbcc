package dev.certmagic.storage.jdbc;

/**
 * Every SQL statement of one {@link JdbcStorage}, written once for its dialect and table names. Times are
 * BIGINT milliseconds read from the database's clock ({@link JdbcDialect#nowMillis()}), so that every
 * instance of a cluster judges lock expiry by the same clock whatever its own clock says.
 *
 * <p>Lock rows are never deleted: releasing a lock clears its owner and sets its expiry to 0, so that the next
 * holder's fencing token continues from the last one.
 */
final class Statements {

    final JdbcDialect dialect;
    final TableNames tables;

    final String upsertValue;
    final String loadValue;
    final String statValue;
    final String latestBelow;
    final String exists;
    final String delete;
    final String keysBelow;
    final String allKeys;

    /** PostgreSQL: insert or take over an expired lock in one statement, returning the fencing token. */
    final String acquireLock;
    /** Other dialects, step 1: take over an expired (or released) lock row. */
    final String takeOverExpiredLock;
    /** Other dialects, step 2 after a take-over: read the new fencing token. */
    final String readFencingToken;
    /** Other dialects, step 2 when nothing was taken over: create the lock row; a duplicate key means "held". */
    final String insertLock;
    final String extendLock;
    final String releaseLock;
    /** Locks the row of a lock this owner holds with this token and that has not expired; no row if lost. */
    final String lockRowIfHeld;

    Statements(JdbcDialect dialect, TableNames tables) {
        this.dialect = dialect;
        this.tables = tables;
        String now = dialect.nowMillis();
        String v = tables.values();
        String l = tables.locks();
        String escape = " ESCAPE '" + JdbcKeys.LIKE_ESCAPE + "'";

        upsertValue = dialect.upsertValue(v);
        loadValue = "SELECT storage_value FROM " + v + " WHERE storage_key = ?";
        statValue = "SELECT value_size, modified_at FROM " + v + " WHERE storage_key = ?";
        latestBelow = "SELECT MAX(modified_at) FROM " + v + " WHERE storage_key LIKE ?" + escape;
        exists = "SELECT 1 FROM " + v + " WHERE storage_key = ? OR storage_key LIKE ?" + escape + " LIMIT 1";
        delete = "DELETE FROM " + v + " WHERE storage_key = ? OR storage_key LIKE ?" + escape;
        keysBelow = "SELECT storage_key FROM " + v + " WHERE storage_key LIKE ?" + escape;
        allKeys = "SELECT storage_key FROM " + v;

        acquireLock = "INSERT INTO " + l + " AS l (lock_name, owner_id, expires_at, fencing_token) "
                + "VALUES (?, ?, " + now + " + ?, 1) "
                + "ON CONFLICT (lock_name) DO UPDATE SET owner_id = EXCLUDED.owner_id, "
                + "expires_at = EXCLUDED.expires_at, fencing_token = l.fencing_token + 1 "
                + "WHERE l.expires_at <= " + now + " RETURNING fencing_token";
        takeOverExpiredLock = "UPDATE " + l + " SET owner_id = ?, expires_at = " + now + " + ?, "
                + "fencing_token = fencing_token + 1 WHERE lock_name = ? AND expires_at <= " + now;
        readFencingToken = "SELECT fencing_token FROM " + l + " WHERE lock_name = ? AND owner_id = ?";
        insertLock = "INSERT INTO " + l + " (lock_name, owner_id, expires_at, fencing_token) "
                + "VALUES (?, ?, " + now + " + ?, 1)";
        extendLock = "UPDATE " + l + " SET expires_at = " + now + " + ? "
                + "WHERE lock_name = ? AND owner_id = ? AND fencing_token = ?";
        releaseLock = "UPDATE " + l + " SET owner_id = NULL, expires_at = 0 "
                + "WHERE lock_name = ? AND owner_id = ? AND fencing_token = ?";
        lockRowIfHeld = "SELECT fencing_token FROM " + l + " WHERE lock_name = ? AND owner_id = ? "
                + "AND fencing_token = ? AND expires_at > " + now + " FOR UPDATE";
    }

    /** A query that fails unless both tables exist and are readable. */
    String probeValues() {
        return "SELECT storage_key FROM " + tables.values() + " WHERE 1 = 0";
    }

    /** A query that fails unless the locks table exists and is readable. */
    String probeLocks() {
        return "SELECT lock_name FROM " + tables.locks() + " WHERE 1 = 0";
    }
}
