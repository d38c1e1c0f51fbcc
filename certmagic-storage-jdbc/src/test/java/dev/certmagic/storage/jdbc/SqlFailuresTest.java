package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Messages that say what failed and what to check, and never repeat a password. */
class SqlFailuresTest {

    @Test
    void messageNamesTheActionTheSqlStateAndAHintAndKeepsTheCause() {
        SQLException cause = new SQLException("Connection to 127.0.0.1:1 refused.", "08001");

        IOException e = SqlFailures.io("load key 'a/b'", cause);

        assertThat(e).hasMessageStartingWith("JdbcStorage could not load key 'a/b': SQLState 08001, Connection to")
                .hasMessageContaining("unreachable").hasCause(cause);
    }

    @Test
    void passwordsEchoedByADriverAreMasked() {
        SQLException cause = new SQLException("cannot open jdbc:h2:tcp://db/x;USER=sa;PASSWORD=hunter2;X=1 "
                + "(password: s3cret)", "28000");

        String message = SqlFailures.io("take lock 'x'", cause).getMessage();

        assertThat(message).doesNotContain("hunter2").doesNotContain("s3cret").contains("PASSWORD=***")
                .contains("refused the credentials");
    }

    @Test
    void multiLineDriverMessagesAreCutToTheirFirstLine() {
        SQLException cause = new SQLException("ERROR: relation \"x\" does not exist\n  Position: 15", "42P01");

        assertThat(SqlFailures.describe(cause)).doesNotContain("Position").contains("schema-<dialect>.sql");
    }

    @Test
    void integrityViolationsAndTransientFailuresAreToldApart() {
        assertThat(SqlFailures.isIntegrityViolation(new SQLException("dup", "23505"))).isTrue();
        assertThat(SqlFailures.isIntegrityViolation(new SQLException("down", "08006"))).isFalse();
        assertThat(SqlFailures.isTransient(new SQLException("deadlock", "40P01"))).isTrue();
        assertThat(SqlFailures.isTransient(new SQLException("no state"))).isFalse();
    }
}
