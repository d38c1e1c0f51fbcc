package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Dialect detection, the shipped DDL and the builder's checks. */
class JdbcDialectTest {

    @Test
    void dialectIsFoundFromTheProductNameDriversReport() {
        assertThat(JdbcDialect.forProductName("PostgreSQL")).contains(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.forProductName("MySQL")).contains(JdbcDialect.MYSQL);
        assertThat(JdbcDialect.forProductName("MariaDB")).contains(JdbcDialect.MYSQL);
        assertThat(JdbcDialect.forProductName("H2")).contains(JdbcDialect.H2);
        assertThat(JdbcDialect.forProductName("Oracle")).isEmpty();
        assertThat(JdbcDialect.forProductName(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(JdbcDialect.class)
    void everyDialectShipsDdlForBothTablesThatUsersCanApplyThemselves(JdbcDialect dialect) throws Exception {
        String ddl;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(dialect.schemaResource())) {
            assertThat(in).as(dialect.schemaResource()).isNotNull();
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        List<String> statements = Database.ddlStatements(ddl);

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("CREATE TABLE IF NOT EXISTS certmagic_values")
                .contains("storage_key", "storage_value", "value_size", "modified_at");
        assertThat(statements.get(1)).startsWith("CREATE TABLE IF NOT EXISTS certmagic_locks")
                .contains("lock_name", "owner_id", "expires_at", "fencing_token");
    }

    @Test
    void builderRefusesAHeartbeatThatIsNotShorterThanTheExpiry() {
        JdbcStorage.Builder builder = JdbcStorage.builder(TestDatabase.h2().dataSource())
                .lockExpiry(Duration.ofSeconds(5)).heartbeatInterval(Duration.ofSeconds(5));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> builder.lockPollInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.tables("ok", "not ok")).isInstanceOf(IllegalArgumentException.class);
    }
}
