/**
 * Cluster storage in a relational database (PostgreSQL, MySQL/MariaDB, H2). API: {@link JdbcStorage}, its builder
 * and {@link JdbcDialect}; the other types are package-private helpers.
 */
@NullMarked
package dev.certmagic.storage.jdbc;

import org.jspecify.annotations.NullMarked;
