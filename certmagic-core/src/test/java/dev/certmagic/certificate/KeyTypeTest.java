package dev.certmagic.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyTypeTest {

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC256", "EC384", "RSA2048"})
    void generatedKeysAreOfTheirTypeAndOfNoOther(KeyType type) {
        var key = type.generate().getPublic();
        for (KeyType other : KeyType.values()) {
            assertThat(other.matches(key)).as(other.name()).isEqualTo(other == type);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC256", "RSA2048"})
    void aGeneratedKeyBelongsToTheFamilyItsTypeNames(KeyType type) {
        assertThat(KeyAlgorithm.of(type.generate().getPrivate())).isEqualTo(type.algorithm());
    }

    @Test
    void configurationNamesParseCaseInsensitively() {
        assertThat(KeyType.parse("ec256")).isEqualTo(KeyType.EC256);
        assertThat(KeyType.parse("RSA-4096")).isEqualTo(KeyType.RSA4096);
        assertThatThrownBy(() -> KeyType.parse("dsa1024")).hasMessageContaining("ec256, ec384");
    }
}
