package dev.certmagic.storage.jdbc;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for one test class: a fresh in-memory H2 database, or a pair of uniquely named tables in the
 * PostgreSQL server that {@code scripts/ensure-postgres} starts, so that test classes (and engineers sharing
 * the server) never see each other's rows. {@link #unreachable()} gives a {@code DataSource} of the same kind
 * that points at a closed port, to play a database that went away.
 */
final class TestDatabase {

    /** Where {@code scripts/ensure-postgres} puts its server when nothing else is configured. */
    static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:55432/certmagic_test?user=postgres";

    private final DataSource dataSource;
    private final String kind;
    private final String valuesTable;
    private final String locksTable;
    private final String url;
    private JdbcDialect dialect;
    private String unavailable;

    private TestDatabase(DataSource dataSource, String kind, String url) {
        this.dataSource = dataSource;
        this.kind = kind;
        this.url = url;
        String prefix = "cm_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.valuesTable = prefix + "_values";
        this.locksTable = prefix + "_locks";
    }

    /** A fresh in-memory H2 database that lives until {@link #drop()}. */
    static TestDatabase h2() {
        return h2("");
    }

    /**
     * A fresh in-memory H2 database in one of H2's compatibility modes ({@code ;MODE=MySQL}), which accepts
     * most of that database's syntax: a smoke test of a dialect's SQL, not a substitute for the real server.
     */
    static TestDatabase h2(String settings) {
        JdbcDataSource h2 = new JdbcDataSource();
        String url = "jdbc:h2:mem:certmagic-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"
                + settings;
        h2.setURL(url);
        return new TestDatabase(h2, "h2", url);
    }

    /**
     * The test PostgreSQL server, from the system property {@code certmagic.test.jdbc.url}, else the variable
     * {@code CERTMAGIC_TEST_JDBC_URL}, else {@link #DEFAULT_POSTGRES_URL}. When it cannot be reached, this says
     * so loudly on standard error, and {@link #assumeAvailable()} skips each test of the calling class.
     */
    static TestDatabase postgres() {
        String url = System.getProperty("certmagic.test.jdbc.url", "");
        if (url.isBlank()) {
            url = System.getenv().getOrDefault("CERTMAGIC_TEST_JDBC_URL", "");
        }
        if (url.isBlank()) {
            url = DEFAULT_POSTGRES_URL;
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        postgres.setConnectTimeout(5);
        TestDatabase database = new TestDatabase(postgres, "postgresql", url);
        try (Connection connection = postgres.getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            database.unavailable = "SKIPPING the PostgreSQL tests: no PostgreSQL server at " + redacted(url) + " ("
                    + e.getMessage() + "). Run scripts/ensure-postgres (scripts/test does) or set "
                    + "CERTMAGIC_TEST_JDBC_URL.";
            System.err.println();
            System.err.println("!!!!!!!!!! " + database.unavailable);
            System.err.println();
        }
        return database;
    }

    /** Skips the calling test, with the reason, when this database could not be reached. */
    void assumeAvailable() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    /** Makes {@link #builder} choose this dialect instead of detecting it. */
    TestDatabase withDialect(JdbcDialect chosen) {
        this.dialect = chosen;
        return this;
    }

    DataSource dataSource() {
        return dataSource;
    }

    String valuesTable() {
        return valuesTable;
    }

    String locksTable() {
        return locksTable;
    }

    /** A builder on this database's tables, with durations short enough for tests. */
    JdbcStorage.Builder builder(DataSource source) {
        return JdbcStorage.builder(source).dialect(dialect).tables(valuesTable, locksTable)
                .lockExpiry(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(1)).lockPollInterval(Duration.ofMillis(50));
    }

    /** Empties both tables (if they exist), so that the next storage starts empty. */
    void clear() throws SQLException {
        execute("DELETE FROM " + valuesTable, "DELETE FROM " + locksTable);
    }

    /** Drops the tables (PostgreSQL) or the whole database (H2). */
    void drop() throws SQLException {
        if (unavailable != null) {
            return;
        }
        if (kind.equals("h2")) {
            execute("SHUTDOWN");
        } else {
            execute("DROP TABLE IF EXISTS " + valuesTable, "DROP TABLE IF EXISTS " + locksTable);
        }
    }

    /** Counts the rows of one of this database's tables, to look behind the storage's back. */
    long count(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * A {@code DataSource} of the same kind that points at a port where nothing listens: connecting fails at
     * once, as it does while the database is down.
     */
    DataSource unreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:gone");
            return h2;
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL("jdbc:postgresql://127.0.0.1:" + port + "/certmagic_test?user=postgres");
        postgres.setConnectTimeout(5);
        return postgres;
    }

    /** The JDBC URL, for child processes. */
    String url() {
        return url;
    }

    void execute(String... sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String s : sql) {
                try {
                    statement.execute(s);
                } catch (SQLException e) {
                    if (!s.startsWith("DELETE")) { // before the first storage created them, there are no tables
                        throw e;
                    }
                }
            }
        }
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * A {@code DataSource} that a test can cut off from the database and reconnect, to play an outage for one
     * instance while its peers keep working.
     */
    static final class Switchable implements DataSource {

        private final DataSource up;
        private final DataSource down;
        private volatile Predicate<Thread> cutOff = thread -> false;

        Switchable(DataSource up, DataSource down) {
            this.up = up;
            this.down = down;
        }

        /** Cuts every thread off from the database. */
        void cut() {
            cutOff = thread -> true;
        }

        /** Cuts only the lock heartbeat off, as if that thread stalled. */
        void cutHeartbeats() {
            cutOff = thread -> thread.getName().startsWith("certmagic-jdbc-lock-heartbeat-");
        }

        void restore() {
            cutOff = thread -> false;
        }

        private DataSource current() {
            return cutOff.test(Thread.currentThread()) ? down : up;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return current().getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return current().getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return up.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            up.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            up.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return up.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("Not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
