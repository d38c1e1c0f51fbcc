package dev.certmagic.storage.jdbc;

import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.Storage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * A {@link Storage} in a relational database, shared by every instance of a cluster that uses the same database:
 * PostgreSQL (the tested target), MySQL/MariaDB and H2, on a plain {@link DataSource} (use a pool in production).
 *
 * <p><b>Tables.</b> Values live in one table (key, bytes, size, modification time), locks in another (name,
 * owner, expiry, fencing token); the names default to {@code certmagic_values} and {@code certmagic_locks}. With
 * {@link Builder#initializeSchema(boolean) initializeSchema} on (the default), missing tables are created on first
 * use from the DDL that ships as {@code META-INF/certmagic/schema-<dialect>.sql} ({@code postgresql},
 * {@code mysql}, {@code h2}); turn it off and apply that file yourself when the application's user may not
 * create tables. Each operation is a single auto-committed statement: {@link #store} is an atomic upsert, and
 * it is as durable as the database's commit. Non-terminal keys are not stored but derived from terminal ones.
 *
 * <p><b>Locks</b> are rows taken atomically by the database (see {@link LockStore}): a lock is free when it has
 * no row or its expiry has passed. A taken lock expires after {@link Builder#lockExpiry(Duration) lockExpiry}
 * (default 30 s) unless the holder's heartbeat thread extends it, every
 * {@link Builder#heartbeatInterval(Duration) heartbeatInterval} (default 10 s). A dead holder's lock is
 * therefore free again at most {@code lockExpiry} plus one {@link Builder#lockPollInterval(Duration) poll
 * interval} (default 1 s) after its last heartbeat. Every acquisition gets a fencing token one higher than the
 * lock's previous one ({@link #fencingToken(String)}); {@link #storeIfLockHeld} checks it in the write's own
 * transaction, so a holder that lost its lock (the new certificate generation is written this way) stores nothing.
 *
 * <p><b>Clocks.</b> Expiry is computed and compared by the database, on the database's clock, never on the
 * instances' clocks: instances whose clocks disagree by minutes still agree on who holds a lock. Modification
 * times ({@link KeyInfo#modified()}) come from the same clock. The instances only measure their own waiting,
 * with a monotonic timer.
 *
 * <p><b>Failures.</b> SQL failures become {@link IOException}s that name the operation, the SQLState and what to
 * check, without credentials or values. While the database is unreachable every operation fails fast with such an
 * exception; held locks then expire (the heartbeat cannot extend them), and once the database is back everything
 * works again: a lock lost meanwhile is dropped from this instance (and logged), never resurrected.
 *
 * <p>Building does no I/O: the dialect is detected from {@link java.sql.DatabaseMetaData} and the tables are
 * checked on first use, and the heartbeat thread starts with the first lock. {@link #close()} releases this
 * instance's locks and stops the heartbeat; it does not close the {@code DataSource}.
 */
public final class JdbcStorage implements Storage {

    private final ValueStore values;
    private final JdbcLocker locker;

    private JdbcStorage(Builder builder) {
        Database database = new Database(builder.dataSource, builder.dialect, builder.tables,
                builder.initializeSchema);
        this.values = new ValueStore(database);
        this.locker = new JdbcLocker(new LockStore(database), database, builder.lockExpiry,
                builder.heartbeatInterval, builder.lockPollInterval);
    }

    /**
     * Starts building a storage on {@code dataSource}.
     *
     * @param dataSource where the tables live; every instance of a cluster must reach the same database
     * @return a builder with the documented defaults
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Returns this instance's owner id, as written into the lock rows it holds.
     *
     * @return a random id, fixed for the life of this instance
     */
    public String ownerId() {
        return locker.owner();
    }

    /**
     * Returns the fencing token of a lock this instance holds. Tokens grow with every acquisition of a name by
     * any owner, so a resource that remembers the highest token it has seen can refuse a holder whose lock
     * expired and passed to someone else.
     *
     * @param name the lock's name
     * @return the token, or empty if this instance does not hold the lock
     */
    public OptionalLong fencingToken(String name) {
        return locker.fencingToken(name);
    }

    @Override
    public void store(String key, byte[] value) throws IOException {
        JdbcKeys.check(key);
        Objects.requireNonNull(value, "value");
        values.store(key, value);
    }

    /**
     * {@inheritDoc} Checked against the lock's fencing token in the same transaction as the write.
     */
    @Override
    public void storeIfLockHeld(String lockName, String key, byte[] value) throws IOException {
        JdbcKeys.check(key);
        Objects.requireNonNull(value, "value");
        String name = JdbcKeys.checkLockName(lockName);
        OptionalLong token = locker.fencingToken(name);
        if (token.isEmpty()) {
            throw new IOException("Not storing '" + key + "': this instance does not hold lock '" + name
                    + "' (lost or never taken)");
        }
        values.storeFenced(key, value, name, locker.owner(), token.getAsLong());
    }

    @Override
    public byte[] load(String key) throws IOException {
        return values.load(JdbcKeys.check(key));
    }

    @Override
    public void delete(String key) throws IOException {
        values.delete(JdbcKeys.check(key));
    }

    @Override
    public boolean exists(String key) throws IOException {
        return values.exists(JdbcKeys.check(key));
    }

    @Override
    public List<String> list(String prefix, boolean recursive) throws IOException {
        return values.list(JdbcKeys.checkPrefix(prefix), recursive);
    }

    @Override
    public KeyInfo stat(String key) throws IOException {
        return values.stat(JdbcKeys.check(key));
    }

    @Override
    public void lock(String name) throws IOException, InterruptedException {
        locker.lock(JdbcKeys.checkLockName(name));
    }

    @Override
    public boolean tryLock(String name, Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return locker.tryLock(JdbcKeys.checkLockName(name), timeout);
    }

    @Override
    public void unlock(String name) throws IOException {
        locker.unlock(JdbcKeys.checkLockName(name));
    }

    @Override
    public void close() throws IOException {
        locker.close();
    }

    /**
     * Configures a {@link JdbcStorage}. Every instance of a cluster must use the same tables; the durations may
     * differ between instances, but a {@code lockExpiry} shorter than a peer's pauses between heartbeats would
     * let locks pass while their holder is alive.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private TableNames tables = TableNames.defaults();
        private JdbcDialect dialect;
        private boolean initializeSchema = true;
        private Duration lockExpiry = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration lockPollInterval = Duration.ofSeconds(1);

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Sets the table names (default {@code certmagic_values} and {@code certmagic_locks}).
         *
         * @param valuesTable the table of values: a plain identifier, optionally {@code schema.table}
         * @param locksTable the table of locks, likewise
         * @return this builder
         * @throws IllegalArgumentException if a name is not a plain identifier (names go into SQL text, so
         *     nothing else is accepted) or both are the same
         */
        public Builder tables(String valuesTable, String locksTable) {
            this.tables = new TableNames(valuesTable, locksTable);
            return this;
        }

        /**
         * Sets the SQL dialect instead of detecting it from the database's product name.
         *
         * @param dialect the dialect, or {@code null} to detect it (the default)
         * @return this builder
         */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = dialect;
            return this;
        }

        /**
         * Sets whether missing tables are created on first use (default {@code true}). Existing tables are left
         * alone, so a user without the right to create tables works once they exist.
         *
         * @param initializeSchema whether to create missing tables
         * @return this builder
         */
        public Builder initializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
            return this;
        }

        /**
         * Sets how long a lock stays taken after its holder's last heartbeat (default 30 s): the longest a dead
         * holder's lock blocks the others.
         *
         * @param lockExpiry at least 1 s in production; shorter values are for tests
         * @return this builder
         */
        public Builder lockExpiry(Duration lockExpiry) {
            this.lockExpiry = positive(lockExpiry, "lockExpiry");
            return this;
        }

        /**
         * Sets how often a holder extends its locks (default 10 s). Keep it well below the lock expiry (a third
         * of it tolerates two failed heartbeats).
         *
         * @param heartbeatInterval the interval
         * @return this builder
         */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /**
         * Sets the longest pause between two attempts to take a busy lock (default 1 s); attempts start every
         * few milliseconds and back off to this.
         *
         * @param lockPollInterval the longest pause
         * @return this builder
         */
        public Builder lockPollInterval(Duration lockPollInterval) {
            this.lockPollInterval = positive(lockPollInterval, "lockPollInterval");
            return this;
        }

        /**
         * Builds the storage. No I/O happens here.
         *
         * @return the storage
         * @throws IllegalArgumentException if the heartbeat interval is not shorter than the lock expiry
         */
        public JdbcStorage build() {
            if (heartbeatInterval.compareTo(lockExpiry) >= 0) {
                throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval
                        + ") must be shorter than lockExpiry (" + lockExpiry + "), or held locks would expire");
            }
            return new JdbcStorage(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero() || duration.toMillis() == 0) {
                throw new IllegalArgumentException(name + " must be at least 1 ms: " + duration);
            }
            return duration;
        }
    }
}
