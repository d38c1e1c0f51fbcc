package dev.certmagic.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database behind a {@link JdbcStorage}: hands out connections in auto-commit mode and, on first use,
 * detects the dialect and (if asked) creates missing tables. Nothing happens before the first use, and a first
 * use that fails (database down) is simply tried again by the next one.
 */
final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DataSource dataSource;
    private final JdbcDialect chosenDialect;
    private final TableNames tables;
    private final boolean initializeSchema;
    private final ReentrantLock initializing = new ReentrantLock();
    private volatile Statements statements;

    Database(DataSource dataSource, JdbcDialect chosenDialect, TableNames tables, boolean initializeSchema) {
        this.dataSource = dataSource;
        this.chosenDialect = chosenDialect;
        this.tables = tables;
        this.initializeSchema = initializeSchema;
    }

    /**
     * Opens a connection in auto-commit mode: every statement of this storage is atomic on its own.
     *
     * @throws SQLException if the database cannot be reached
     */
    Connection connect() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true); // pools reset this when the connection is returned
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Returns the statements for this database, detecting the dialect and creating tables on first use.
     *
     * @throws IOException if the database cannot be reached or is not supported, or the tables cannot be created
     */
    Statements statements() throws IOException {
        Statements ready = statements;
        if (ready != null) {
            return ready;
        }
        initializing.lock();
        try {
            if (statements == null) {
                statements = initialize();
            }
            return statements;
        } finally {
            initializing.unlock();
        }
    }

    private Statements initialize() throws IOException {
        try (Connection connection = connect()) {
            JdbcDialect dialect = chosenDialect;
            if (dialect == null) {
                String product = connection.getMetaData().getDatabaseProductName();
                dialect = JdbcDialect.forProductName(product).orElseThrow(() -> new IOException(
                        "JdbcStorage does not know the database '" + product + "': it supports PostgreSQL, "
                                + "MySQL/MariaDB and H2. If this database speaks one of their dialects, choose it "
                                + "with JdbcStorage.Builder.dialect(...)"));
            }
            Statements result = new Statements(dialect, tables);
            if (initializeSchema && !tablesExist(connection, result)) {
                createTables(connection, result);
            }
            return result;
        } catch (SQLException e) {
            throw SqlFailures.io("connect to the database to detect its dialect", e);
        }
    }

    private static boolean tablesExist(Connection connection, Statements statements) {
        try (Statement probe = connection.createStatement()) {
            probe.executeQuery(statements.probeValues()).close();
            probe.executeQuery(statements.probeLocks()).close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void createTables(Connection connection, Statements statements) throws IOException {
        String resource = statements.dialect.schemaResource();
        List<String> ddl = ddlStatements(tables.rename(readResource(resource)));
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : ddl) {
                    statement.execute(sql);
                }
                LOG.info("Created the JdbcStorage tables {} and {} (if missing) from {}", tables.values(),
                        tables.locks(), resource);
                return;
            } catch (SQLException e) {
                // Instances that start together race on CREATE TABLE IF NOT EXISTS; PostgreSQL reports a duplicate
                // type to the losers. Once the winner is done, the next attempt finds both tables.
                if (tablesExist(connection, statements)) {
                    return;
                }
                if (attempt == 3) {
                    throw SqlFailures.io("create its tables " + tables.values() + " and " + tables.locks()
                            + " from " + resource + "; create them yourself with that file or grant the user CREATE",
                            e);
                }
            }
        }
    }

    /** Splits a DDL file into statements, dropping {@code --} comment lines (which never hold a ';'). */
    static List<String> ddlStatements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--"))
                .forEach(line -> withoutComments.append(line).append('\n'));
        List<String> result = new ArrayList<>();
        for (String part : withoutComments.toString().split(";")) {
            if (!part.isBlank()) {
                result.add(part.strip());
            }
        }
        return result;
    }

    private static String readResource(String name) throws IOException {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("Resource " + name + " is missing from certmagic-storage-jdbc");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
