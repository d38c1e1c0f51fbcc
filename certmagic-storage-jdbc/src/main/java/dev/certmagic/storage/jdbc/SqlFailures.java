package dev.certmagic.storage.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Turns {@link SQLException}s into the {@link IOException}s of the {@link dev.certmagic.storage.Storage}
 * contract, with a message that says what failed, the SQLState and what to check. The driver's own message is
 * kept to one short line and anything shaped like {@code password=...} is masked, because some drivers echo
 * connection settings; values are never bound into messages (they can be private keys).
 */
final class SqlFailures {

    private static final Pattern SECRET = Pattern.compile("(?i)(password|passwd|pwd|secret|token)(\\s*[=:]\\s*)[^\\s;&,)]*");

    private SqlFailures() {
    }

    /**
     * Wraps a failure.
     *
     * @param action what JdbcStorage was doing, as a verb phrase ("store key 'a/b'")
     * @param e the failure
     * @return the exception to throw
     */
    static IOException io(String action, SQLException e) {
        return new IOException("JdbcStorage could not " + action + ": " + describe(e), e);
    }

    /** Whether the failure is a unique-key (or other integrity) violation: a concurrent insert won. */
    static boolean isIntegrityViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /** Whether the statement may simply be tried again (deadlock, serialization failure, lock timeout). */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("HYT00"));
    }

    /** A one-line description with the SQLState and a hint of what to check. */
    static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "none" : e.getSQLState();
        return "SQLState " + state + ", " + driverMessage(e) + hint(state);
    }

    private static String hint(String state) {
        if (state.startsWith("08")) {
            return " (the database is unreachable or the connection broke; storage works again once it is back)";
        }
        if (state.startsWith("28")) {
            return " (the database refused the credentials of the DataSource)";
        }
        if (state.startsWith("42")) {
            return " (check that the tables exist - create them with META-INF/certmagic/schema-<dialect>.sql or "
                    + "turn on initializeSchema - and that the database user may use them)";
        }
        return "";
    }

    private static String driverMessage(SQLException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("");
        if (line.length() > 200) {
            line = line.substring(0, 200) + "...";
        }
        return SECRET.matcher(line).replaceAll("$1$2***");
    }
}
