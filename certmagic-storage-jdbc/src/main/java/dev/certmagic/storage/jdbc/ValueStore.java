package dev.certmagic.storage.jdbc;

import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.KeyNotFoundException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The value half of {@link JdbcStorage}: one row per terminal key. Non-terminal keys are not stored; they exist
 * while some terminal key below them does, and are derived from the terminal keys with {@code LIKE 'prefix/%'}
 * queries (see {@link JdbcKeys}). Every operation is one auto-committed statement, so a value is replaced
 * atomically and a failed store leaves the previous value in place.
 */
final class ValueStore {

    /** How often an upsert that lost a race (duplicate key, deadlock, lock timeout) is tried again. */
    private static final int UPSERT_ATTEMPTS = 4;

    private final Database database;

    ValueStore(Database database) {
        this.database = database;
    }

    void store(String key, byte[] value) throws IOException {
        Statements sql = database.statements();
        SQLException last = null;
        for (int attempt = 1; attempt <= UPSERT_ATTEMPTS; attempt++) {
            try (Connection connection = database.connect();
                    PreparedStatement statement = connection.prepareStatement(sql.upsertValue)) {
                statement.setString(1, key);
                statement.setBytes(2, value);
                statement.setLong(3, value.length);
                statement.executeUpdate();
                return;
            } catch (SQLException e) {
                if (!SqlFailures.isIntegrityViolation(e) && !SqlFailures.isTransient(e)) {
                    throw SqlFailures.io("store key '" + key + "'", e);
                }
                last = e; // a concurrent first insert of the same key won: the next attempt updates it
            }
        }
        throw SqlFailures.io("store key '" + key + "' (concurrent writers kept winning)", last);
    }

    /**
     * Stores a value in one transaction with a check that the lock {@code lockName} is still held by
     * {@code owner} with {@code token} and not expired. The check locks the lock's row, so a take-over waits for
     * the write to commit and a write after a take-over finds no row and stores nothing.
     */
    void storeFenced(String key, byte[] value, String lockName, String owner, long token) throws IOException {
        Statements sql = database.statements();
        SQLException last = null;
        for (int attempt = 1; attempt <= UPSERT_ATTEMPTS; attempt++) {
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                try {
                    if (!lockRowHeld(connection, sql, lockName, owner, token)) {
                        connection.rollback();
                        throw new IOException("Not storing '" + key + "': lock '" + lockName + "' (fencing token "
                                + token + ") is no longer held by this instance; it expired and may have been "
                                + "taken over");
                    }
                    try (PreparedStatement statement = connection.prepareStatement(sql.upsertValue)) {
                        statement.setString(1, key);
                        statement.setBytes(2, value);
                        statement.setLong(3, value.length);
                        statement.executeUpdate();
                    }
                    connection.commit();
                    return;
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!SqlFailures.isIntegrityViolation(e) && !SqlFailures.isTransient(e)) {
                    throw SqlFailures.io("store key '" + key + "' under lock '" + lockName + "'", e);
                }
                last = e;
            }
        }
        throw SqlFailures.io("store key '" + key + "' (concurrent writers kept winning)", last);
    }

    private static boolean lockRowHeld(Connection connection, Statements sql, String lockName, String owner,
            long token) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement(sql.lockRowIfHeld)) {
            check.setString(1, lockName);
            check.setString(2, owner);
            check.setLong(3, token);
            try (ResultSet rows = check.executeQuery()) {
                return rows.next();
            }
        }
    }

    byte[] load(String key) throws IOException {
        Statements sql = database.statements();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql.loadValue)) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new KeyNotFoundException(key);
                }
                return rows.getBytes(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.io("load key '" + key + "'", e);
        }
    }

    void delete(String key) throws IOException {
        Statements sql = database.statements();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql.delete)) {
            statement.setString(1, key);
            statement.setString(2, JdbcKeys.below(key));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.io("delete key '" + key + "'", e);
        }
    }

    boolean exists(String key) throws IOException {
        Statements sql = database.statements();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(sql.exists)) {
            statement.setString(1, key);
            statement.setString(2, JdbcKeys.below(key));
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw SqlFailures.io("check whether key '" + key + "' exists", e);
        }
    }

    KeyInfo stat(String key) throws IOException {
        Statements sql = database.statements();
        try (Connection connection = database.connect()) {
            try (PreparedStatement statement = connection.prepareStatement(sql.statValue)) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return new KeyInfo(key, Instant.ofEpochMilli(rows.getLong(2)), rows.getLong(1), true);
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.latestBelow)) {
                statement.setString(1, JdbcKeys.below(key));
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        throw new KeyNotFoundException(key);
                    }
                    long latest = rows.getLong(1);
                    if (rows.wasNull()) { // MAX over no rows is NULL
                        throw new KeyNotFoundException(key);
                    }
                    // A prefix was last modified when the newest value below it was written.
                    return new KeyInfo(key, Instant.ofEpochMilli(latest), 0, false);
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.io("describe key '" + key + "'", e);
        }
    }

    List<String> list(String prefix, boolean recursive) throws IOException {
        Statements sql = database.statements();
        List<String> terminal = new ArrayList<>();
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        prefix.isEmpty() ? sql.allKeys : sql.keysBelow)) {
            if (!prefix.isEmpty()) {
                statement.setString(1, JdbcKeys.below(prefix));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    terminal.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.io("list keys below '" + prefix + "'", e);
        }
        if (terminal.isEmpty() && !prefix.isEmpty() && !exists(prefix)) {
            throw new KeyNotFoundException(prefix);
        }
        return JdbcKeys.hierarchy(prefix, terminal, recursive);
    }
}
