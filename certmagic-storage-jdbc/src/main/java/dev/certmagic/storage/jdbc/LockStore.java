package dev.certmagic.storage.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * The lock table of {@link JdbcStorage}: one row per lock name with its owner, its expiry on the database's
 * clock and a fencing token that grows by one with every acquisition. Each method is one attempt, decided
 * atomically by the database:
 * <ul>
 *   <li>PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at <= now RETURNING
 *       fencing_token} inserts a new lock or takes over an expired one; a concurrent contender waits for the row
 *       lock and then sees the winner's fresh expiry, so exactly one wins;</li>
 *   <li>MySQL/MariaDB and H2: {@code UPDATE ... WHERE expires_at <= now} takes over an expired row (row locks
 *       serialize contenders, the loser's re-checked condition fails); when there is no row, an {@code INSERT}
 *       creates it and the primary key lets only one contender succeed.</li>
 * </ul>
 * Extending and releasing match the owner and the fencing token, so a holder can never touch a lock that
 * expired and passed to someone else.
 */
final class LockStore {

    private final Database database;

    LockStore(Database database) {
        this.database = database;
    }

    /**
     * Tries once to take the lock.
     *
     * @return the fencing token of the new acquisition, or empty if another owner holds the lock
     */
    OptionalLong tryAcquire(String name, String owner, long expiryMillis) throws IOException {
        Statements sql = database.statements();
        try (Connection connection = database.connect()) {
            return sql.dialect.hasConditionalUpsert()
                    ? acquireInOneStatement(connection, sql, name, owner, expiryMillis)
                    : acquireInTwoSteps(connection, sql, name, owner, expiryMillis);
        } catch (SQLException e) {
            throw SqlFailures.io("take lock '" + name + "'", e);
        }
    }

    /**
     * Pushes the expiry of a held lock forward.
     *
     * @return {@code false} if this acquisition no longer holds the lock (it expired and another owner took it)
     */
    boolean extend(Connection connection, String name, String owner, long token, long expiryMillis)
            throws IOException, SQLException {
        try (PreparedStatement statement = connection.prepareStatement(database.statements().extendLock)) {
            statement.setLong(1, expiryMillis);
            statement.setString(2, name);
            statement.setString(3, owner);
            statement.setLong(4, token);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Releases a lock if this acquisition still holds it; the row stays, so fencing tokens keep growing.
     */
    void release(String name, String owner, long token) throws IOException {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(database.statements().releaseLock)) {
            statement.setString(1, name);
            statement.setString(2, owner);
            statement.setLong(3, token);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.io("release lock '" + name + "' (it expires on its own)", e);
        }
    }

    private static OptionalLong acquireInOneStatement(Connection connection, Statements sql, String name,
            String owner, long expiryMillis) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.acquireLock)) {
            statement.setString(1, name);
            statement.setString(2, owner);
            statement.setLong(3, expiryMillis);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            if (SqlFailures.isTransient(e)) {
                return OptionalLong.empty(); // lost a race; the caller polls again
            }
            throw e;
        }
    }

    private static OptionalLong acquireInTwoSteps(Connection connection, Statements sql, String name, String owner,
            long expiryMillis) throws SQLException {
        int takenOver;
        try (PreparedStatement update = connection.prepareStatement(sql.takeOverExpiredLock)) {
            update.setString(1, owner);
            update.setLong(2, expiryMillis);
            update.setString(3, name);
            takenOver = update.executeUpdate();
        } catch (SQLException e) {
            if (SqlFailures.isTransient(e)) {
                return OptionalLong.empty();
            }
            throw e;
        }
        if (takenOver == 1) {
            try (PreparedStatement read = connection.prepareStatement(sql.readFencingToken)) {
                read.setString(1, name);
                read.setString(2, owner);
                try (ResultSet rows = read.executeQuery()) {
                    // Empty only if this owner stalled past the whole expiry between the two statements.
                    return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(sql.insertLock)) {
            insert.setString(1, name);
            insert.setString(2, owner);
            insert.setLong(3, expiryMillis);
            insert.executeUpdate();
            return OptionalLong.of(1);
        } catch (SQLException e) {
            if (SqlFailures.isIntegrityViolation(e) || SqlFailures.isTransient(e)) {
                return OptionalLong.empty(); // the row exists: another owner holds the lock
            }
            throw e;
        }
    }
}
