package dev.certmagic.storage.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The two table names of a {@link JdbcStorage}, checked once so that they can be written into SQL text: each is
 * a plain identifier, optionally qualified by a schema ({@code certmagic_values}, {@code app.cm_values}). Names
 * are never quoted, so they follow the database's usual case rules.
 *
 * @param values the table of values
 * @param locks the table of locks
 */
record TableNames(String values, String locks) {

    static final String DEFAULT_VALUES = "certmagic_values";
    static final String DEFAULT_LOCKS = "certmagic_locks";

    private static final Pattern IDENTIFIER = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    /**
     * Checks both names.
     *
     * @throws IllegalArgumentException if a name is not a plain (optionally schema-qualified) identifier or both
     *     names are the same
     */
    TableNames {
        check("values", values);
        check("locks", locks);
        if (values.toLowerCase(Locale.ROOT).equals(locks.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("The values table and the locks table must differ; both are '"
                    + values + "'");
        }
    }

    static TableNames defaults() {
        return new TableNames(DEFAULT_VALUES, DEFAULT_LOCKS);
    }

    /** Puts these names into DDL written for the default names. */
    String rename(String ddl) {
        return ddl.replaceAll("\\b" + DEFAULT_VALUES + "\\b", values).replaceAll("\\b" + DEFAULT_LOCKS + "\\b", locks);
    }

    private static void check(String role, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("The " + role + " table name must be a plain SQL identifier "
                    + "(letters, digits, '_', not starting with a digit, at most 63 characters), optionally "
                    + "qualified by a schema as 'schema.table'; got '" + printable(name) + "'");
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String shortened = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
