package dev.certmagic.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server of the cluster tests ({@code scripts/ensure-postgres}) with a pair of uniquely named
 * tables per test class, so that classes and engineers sharing the server never see each other's rows. When no
 * server can be reached this says so loudly and {@link #assumeAvailable()} skips the calling test.
 */
final class ClusterDatabase {

    /** Where {@code scripts/ensure-postgres} puts its server when nothing else is configured. */
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:55432/certmagic_test?user=postgres";

    private final String url;
    private final String valuesTable;
    private final String locksTable;
    private String unavailable;

    private ClusterDatabase(String url) {
        this.url = url;
        String prefix = "cm_cluster_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.valuesTable = prefix + "_values";
        this.locksTable = prefix + "_locks";
    }

    /**
     * The server named by the system property {@code certmagic.test.jdbc.url}, else the variable
     * {@code CERTMAGIC_TEST_JDBC_URL}, else {@link #DEFAULT_URL}.
     */
    static ClusterDatabase connect() {
        String url = System.getProperty("certmagic.test.jdbc.url", "");
        if (url.isBlank()) {
            url = System.getenv().getOrDefault("CERTMAGIC_TEST_JDBC_URL", "");
        }
        if (url.isBlank()) {
            url = DEFAULT_URL;
        }
        ClusterDatabase database = new ClusterDatabase(url);
        try (Connection connection = database.dataSource().getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            database.unavailable = "SKIPPING the PostgreSQL cluster tests: no PostgreSQL server at "
                    + url.replaceAll("(?i)(password=)[^&;]*", "$1***") + " (" + e.getMessage()
                    + "). Run scripts/ensure-postgres (scripts/test does) or set CERTMAGIC_TEST_JDBC_URL.";
            System.err.println();
            System.err.println("!!!!!!!!!! " + database.unavailable);
            System.err.println();
        }
        return database;
    }

    /** Skips the calling test, with the reason, when the server could not be reached. */
    void assumeAvailable() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    /** A new data source on the server, as an application would declare it. */
    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    String url() {
        return url;
    }

    /** The same database reached through another loopback port (a proxy in front of the server). */
    String urlThroughPort(int port) {
        return url.replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
    }

    /** The server's port, for a proxy in front of it. */
    int port() {
        Matcher matcher = Pattern.compile("//[^/:]+:(\\d+)/").matcher(url);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 5432;
    }

    String valuesTable() {
        return valuesTable;
    }

    String locksTable() {
        return locksTable;
    }

    /** Drops this class's tables. */
    void drop() throws SQLException {
        if (unavailable != null) {
            return;
        }
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + valuesTable);
            statement.execute("DROP TABLE IF EXISTS " + locksTable);
        }
    }
}
