package dev.certmagic.storage.jdbc;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.certmagic.storage.StorageKeys;

/**
 * Storage keys and lock names as {@link JdbcStorage} sees them: checked against the rules of the
 * {@link dev.certmagic.storage.Storage} contract, turned into {@code LIKE} patterns that match exactly the keys
 * below a prefix, and expanded into the key hierarchy that a table of terminal keys implies.
 *
 * <p>{@code LIKE} patterns escape with {@code !} rather than a backslash, because MySQL reads a backslash in a
 * string literal as an escape of its own.
 */
final class JdbcKeys {

    /** Longest key, in characters; what an indexed {@code VARCHAR} holds on every supported database. */
    static final int MAX_KEY_LENGTH = 768;

    /** Longest lock name, in characters. */
    static final int MAX_LOCK_NAME_LENGTH = 255;

    /** The escape character of every {@code LIKE} pattern built here. */
    static final String LIKE_ESCAPE = "!";

    private JdbcKeys() {
    }

    /**
     * Checks a key that names a value or a prefix.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Storage key must not be empty");
        }
        return checkSyntax(key);
    }

    /**
     * Checks a list prefix; the empty string stands for the root.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return prefix.isEmpty() ? prefix : checkSyntax(prefix);
    }

    /**
     * Checks a lock name: any text of 1 to 255 characters without control characters (it is only ever bound as
     * a parameter, so nothing else needs escaping).
     *
     * @throws IllegalArgumentException naming the problem
     */
    static String checkLockName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Lock name must not be empty");
        }
        if (name.length() > MAX_LOCK_NAME_LENGTH) {
            throw new IllegalArgumentException("Lock name '" + StorageKeys.printable(name) + "' is longer than "
                    + MAX_LOCK_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("Lock name '" + StorageKeys.printable(name) + "' contains a control character");
        }
        return name;
    }

    /** Returns a {@code LIKE} pattern (escape {@link #LIKE_ESCAPE}) that matches every key below {@code key}. */
    static String below(String key) {
        return escapeLike(key) + "/%";
    }

    /** Escapes the {@code LIKE} wildcards {@code %} and {@code _}, and the escape character itself. */
    static String escapeLike(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                out.append('!');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Expands terminal keys below {@code prefix} into the keys that {@code list} returns: the direct children
     * (terminal or not) or, with {@code recursive}, every terminal and non-terminal key below the prefix.
     *
     * @param prefix the listed prefix, empty for the root
     * @param terminalKeys terminal keys, each below {@code prefix}
     */
    static List<String> hierarchy(String prefix, Collection<String> terminalKeys, boolean recursive) {
        String base = prefix.isEmpty() ? "" : prefix + "/";
        Set<String> out = new LinkedHashSet<>();
        for (String key : terminalKeys) {
            if (!key.startsWith(base) || key.length() == base.length()) {
                continue; // the database matched more than asked (a collation quirk); never list it
            }
            String relative = key.substring(base.length());
            if (!recursive) {
                int slash = relative.indexOf('/');
                out.add(slash < 0 ? key : base + relative.substring(0, slash));
                continue;
            }
            for (int slash = relative.indexOf('/'); slash >= 0; slash = relative.indexOf('/', slash + 1)) {
                out.add(base + relative.substring(0, slash));
            }
            out.add(key);
        }
        return List.copyOf(out);
    }

    private static String checkSyntax(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' is longer than "
                    + MAX_KEY_LENGTH + " characters");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' must not be absolute (leading '/')");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' contains a NUL character");
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' contains a control character");
            }
            if (c == '\\') {
                throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key)
                        + "' contains a backslash; segments are separated by '/'");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Storage key '" + StorageKeys.printable(key) + "' has a '" + segment
                        + "' segment");
            }
        }
        return key;
    }
}
