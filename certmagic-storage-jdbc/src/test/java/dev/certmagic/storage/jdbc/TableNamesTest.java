package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Table names go into SQL text, so only plain identifiers pass. */
class TableNamesTest {

    @Test
    void plainAndSchemaQualifiedIdentifiersAreAccepted() {
        TableNames names = new TableNames("app.cm_values", "CM_Locks2");

        assertThat(names.values()).isEqualTo("app.cm_values");
        assertThat(names.locks()).isEqualTo("CM_Locks2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1table", "values; DROP TABLE x", "a-b", "\"quoted\"", "a.b.c", "t--", "t'",
            "a b", "x/*", "tab\tle"})
    void anythingElseIsRejectedWithAMessageThatSaysWhatIsAllowed(String name) {
        assertThatThrownBy(() -> new TableNames(name, "certmagic_locks"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain SQL identifier")
                .hasMessageNotContaining("\t");
    }

    @Test
    void identifiersLongerThanPostgresKeepsAreRejected() {
        assertThatThrownBy(() -> new TableNames("t".repeat(64), "certmagic_locks"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TableNames("t".repeat(63), "certmagic_locks").values()).hasSize(63);
    }

    @Test
    void valuesAndLocksMustBeDifferentTables() {
        assertThatThrownBy(() -> new TableNames("same", "SAME")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must differ");
    }

    @Test
    void renameReplacesOnlyWholeDefaultNames() {
        TableNames names = new TableNames("v", "l");

        assertThat(names.rename("CREATE TABLE certmagic_values (x); CREATE TABLE certmagic_locks (y); "
                + "certmagic_values_old"))
                .isEqualTo("CREATE TABLE v (x); CREATE TABLE l (y); certmagic_values_old");
    }
}
