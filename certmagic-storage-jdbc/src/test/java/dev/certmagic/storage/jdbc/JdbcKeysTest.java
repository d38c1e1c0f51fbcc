package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key checks, LIKE escaping and the hierarchy derived from terminal keys. */
class JdbcKeysTest {

    @Test
    void likePatternsEscapeBothWildcardsAndTheEscapeCharacter() {
        assertThat(JdbcKeys.escapeLike("a%b_c!d")).isEqualTo("a!%b!_c!!d");
        assertThat(JdbcKeys.below("certificates/a_b")).isEqualTo("certificates/a!_b/%");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a//b", "a/", "a/./b", "../x", "a\\b", "nul\0", "ctl\u0001", "del\u007f"})
    void keysTheContractForbidsAreRejected(String key) {
        assertThatThrownBy(() -> JdbcKeys.check(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Storage key");
    }

    @Test
    void keysLongerThanAnIndexedColumnHoldsAreRejected() {
        assertThat(JdbcKeys.check("k".repeat(JdbcKeys.MAX_KEY_LENGTH))).hasSize(JdbcKeys.MAX_KEY_LENGTH);
        assertThatThrownBy(() -> JdbcKeys.check("k".repeat(JdbcKeys.MAX_KEY_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 768");
    }

    @Test
    void lockNamesMayHoldAnyTextButControlCharacters() {
        assertThat(JdbcKeys.checkLockName("issue_cert_*.example.com/x'; --")).isNotEmpty();
        assertThatThrownBy(() -> JdbcKeys.checkLockName("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcKeys.checkLockName("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcKeys.checkLockName("n".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hierarchyDerivesNonTerminalKeysFromTerminalOnes() {
        List<String> terminal = List.of("l/a", "l/b/c", "l/b/d/e");

        assertThat(JdbcKeys.hierarchy("l", terminal, false)).containsExactlyInAnyOrder("l/a", "l/b");
        assertThat(JdbcKeys.hierarchy("l", terminal, true))
                .containsExactlyInAnyOrder("l/a", "l/b", "l/b/c", "l/b/d", "l/b/d/e");
        assertThat(JdbcKeys.hierarchy("", List.of("x/y", "z"), false)).containsExactlyInAnyOrder("x", "z");
    }

    @Test
    void hierarchyIgnoresRowsThatAreNotReallyBelowThePrefix() {
        assertThat(JdbcKeys.hierarchy("a", List.of("A/x", "ab/y", "a/z"), true)).containsExactly("a/z");
    }
}
