/**
 * certmagic-storage-jdbc: CertMagic's {@code Storage} and {@code Locker} on a relational database through a plain
 * {@code javax.sql.DataSource}. Start at {@link dev.certmagic.storage.jdbc.JdbcStorage}.
 *
 * <p>Exports its one package, whose public types are all API. The DDL ships as
 * {@code META-INF/certmagic/schema-<dialect>.sql}, a resource outside any package and so readable from the module
 * path too. As in certmagic-core, the tests run on the class path, where this descriptor is ignored.
 */
module dev.certmagic.storage.jdbc {
    requires transitive dev.certmagic.core;
    requires transitive java.sql;
    requires static transitive org.jspecify;
    requires org.slf4j;

    exports dev.certmagic.storage.jdbc;
}
