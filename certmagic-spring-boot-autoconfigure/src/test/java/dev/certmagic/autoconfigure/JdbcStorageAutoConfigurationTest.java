package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.certmagic.CertificateManager;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.jdbc.JdbcStorage;

/**
 * How {@code certmagic.storage.type=jdbc} picks its database and tables, on real in-memory H2 databases: the
 * application's {@code DataSource}, or {@code certmagic.storage.jdbc.url} in its place, and the startup failures
 * that say what is missing. The CA is an unreachable loopback URL; nothing here needs it.
 */
class JdbcStorageAutoConfigurationTest {

    @TempDir
    Path files;

    private final String applicationDatabase = "jdbc:h2:mem:app-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=app.example.com", "certmagic.agreed=true",
                        "certmagic.ca=https://127.0.0.1:1/dir", "certmagic.storage.path=" + files);
    }

    @Test
    void storageTypeFileIsTheDefaultEvenWhenTheJdbcModuleIsPresent() {
        runner().withBean(DataSource.class, () -> h2(applicationDatabase)).run(context -> assertThat(context)
                .hasSingleBean(FileStorage.class).doesNotHaveBean(JdbcStorage.class));
    }

    @Test
    void storageTypeJdbcKeepsCertificatesInTheApplicationsDataSourceUnderTheConfiguredTableNames() {
        runner().withBean(DataSource.class, () -> h2(applicationDatabase))
                .withPropertyValues("certmagic.storage.type=jdbc", "certmagic.storage.jdbc.values-table=cm_values",
                        "certmagic.storage.jdbc.locks-table=cm_locks")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdbcStorage.class).doesNotHaveBean(FileStorage.class);
                    Storage storage = context.getBean(CertificateManager.class).view().storage();
                    assertThat(storage).isSameAs(context.getBean(JdbcStorage.class));
                    storage.store("certificates/probe", "stored".getBytes(StandardCharsets.UTF_8));
                    assertThat(rows(applicationDatabase, "cm_values", "certificates/probe")).isEqualTo(1);
                });
    }

    @Test
    void theDataSourceThatBootBuildsFromSpringDatasourcePropertiesIsUsed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=app.example.com", "certmagic.agreed=true",
                        "certmagic.ca=https://127.0.0.1:1/dir", "certmagic.storage.type=jdbc",
                        "spring.datasource.url=" + applicationDatabase, "spring.datasource.username=sa")
                .run(context -> {
                    assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(JdbcStorage.class);
                    context.getBean(Storage.class).store("certificates/probe", new byte[] {1});
                    assertThat(rows(applicationDatabase, "certmagic_values", "certificates/probe")).isEqualTo(1);
                });
    }

    @Test
    void storageJdbcUrlTakesPrecedenceOverTheApplicationsDataSource() {
        String certificateDatabase = "jdbc:h2:mem:certs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        runner().withBean(DataSource.class, () -> h2(applicationDatabase))
                .withPropertyValues("certmagic.storage.type=jdbc", "certmagic.storage.jdbc.url=" + certificateDatabase,
                        "certmagic.storage.jdbc.username=sa", "certmagic.storage.jdbc.password=")
                .run(context -> {
                    context.getBean(Storage.class).store("certificates/probe", new byte[] {1});
                    assertThat(rows(certificateDatabase, "certmagic_values", "certificates/probe")).isEqualTo(1);
                    assertThat(tableExists(applicationDatabase, "CERTMAGIC_VALUES"))
                            .as("the application's database was left alone").isFalse();
                });
    }

    @Test
    void initializeSchemaFalseLeavesMissingTablesMissingSoStorageCallsFail() {
        runner().withBean(DataSource.class, () -> h2(applicationDatabase))
                .withPropertyValues("certmagic.storage.type=jdbc", "certmagic.storage.jdbc.initialize-schema=false")
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(Storage.class).store("certificates/probe", new byte[1]))
                            .isInstanceOf(IOException.class);
                    assertThat(tableExists(applicationDatabase, "CERTMAGIC_VALUES")).isFalse();
                });
    }

    @Test
    void anApplicationStorageBeanStillWinsOverStorageTypeJdbc() {
        runner().withUserConfiguration(CertMagicAutoConfigurationTest.UserStorage.class).withPropertyValues("certmagic.storage.type=jdbc")
                .run(context -> {
                    assertThat(context).hasSingleBean(Storage.class).doesNotHaveBean(JdbcStorage.class);
                    assertThat(context.getBean(CertificateManager.class).view().storage())
                            .isSameAs(context.getBean("userStorage"));
                });
    }

    @Test
    void storageTypeJdbcWithoutADatabaseFailsSayingWhichSettingsToAdd() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.storage.type=jdbc"));
        assertThat(analysis.getDescription()).contains("certmagic.storage.type=jdbc").contains("DataSource");
        assertThat(analysis.getAction()).contains("spring.datasource.url").contains("certmagic.storage.jdbc.url");
    }

    @Test
    void storageTypeJdbcWithoutTheJdbcModuleFailsNamingTheDependency() {
        FailureAnalysis analysis = analyze(runner().withClassLoader(new FilteredClassLoader(JdbcStorage.class))
                .withBean(DataSource.class, () -> h2(applicationDatabase))
                .withPropertyValues("certmagic.storage.type=jdbc"));
        assertThat(analysis.getDescription()).contains("certmagic-storage-jdbc is not on the class path");
        assertThat(analysis.getAction()).contains("dev.certmagic:certmagic-storage-jdbc");
    }

    @Test
    void aUrlWithoutItsDriverFailsWithoutRepeatingThePassword() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.storage.type=jdbc",
                "certmagic.storage.jdbc.url=jdbc:nosuchdatabase://db.example/certs?password=hunter2"));
        assertThat(analysis.getDescription()).contains("no JDBC driver").doesNotContain("hunter2");
        assertThat(analysis.getAction()).contains("org.postgresql:postgresql");
    }

    @Test
    void storageJdbcUrlGetsCertmagicsOwnPoolWhichClosesWithTheContext() {
        String certificateDatabase = "jdbc:h2:mem:certs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        com.zaxxer.hikari.HikariDataSource[] pool = new com.zaxxer.hikari.HikariDataSource[1];
        runner().withPropertyValues("certmagic.storage.type=jdbc", "certmagic.storage.jdbc.url=" + certificateDatabase,
                "certmagic.storage.jdbc.maximum-pool-size=3").run(context -> {
                    pool[0] = (com.zaxxer.hikari.HikariDataSource) context.getBean(JdbcConnections.class).dataSource();
                    assertThat(pool[0].getMaximumPoolSize()).isEqualTo(3);
                    context.getBean(Storage.class).store("certificates/probe", new byte[] {1});
                    assertThat(pool[0].isClosed()).isFalse();
                });
        assertThat(pool[0].isClosed()).isTrue();
    }

    @Test
    void anEmptyPoolIsRefusedNamingTheProperty() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.storage.type=jdbc",
                "certmagic.storage.jdbc.url=jdbc:h2:mem:x", "certmagic.storage.jdbc.maximum-pool-size=0"));
        assertThat(analysis.getDescription()).contains("certmagic.storage.jdbc.maximum-pool-size");
    }

    @Test
    void aHeartbeatNotShorterThanTheLockExpiryIsRefused() {
        FailureAnalysis analysis = analyze(runner().withBean(DataSource.class, () -> h2(applicationDatabase))
                .withPropertyValues("certmagic.storage.type=jdbc", "certmagic.storage.jdbc.lock-expiry=10s",
                        "certmagic.storage.jdbc.heartbeat-interval=10s"));
        assertThat(analysis.getDescription()).contains("heartbeatInterval");
        assertThat(analysis.getAction()).contains("certmagic.storage.jdbc.heartbeat-interval");
    }

    private static FailureAnalysis analyze(ApplicationContextRunner runner) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new CertMagicFailureAnalyzer().analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("analyzed as a certmagic misconfiguration").isNotNull();
        return analysis[0];
    }

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    private static long rows(String url, String table, String key) throws SQLException {
        try (Connection connection = h2(url).getConnection();
                var statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table
                        + " WHERE storage_key = ?")) {
            statement.setString(1, key);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static boolean tableExists(String url, String table) throws SQLException {
        try (Connection connection = h2(url).getConnection();
                ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
            return tables.next();
        }
    }
}
