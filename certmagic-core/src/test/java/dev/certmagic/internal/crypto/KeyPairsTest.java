package dev.certmagic.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.testsupport.TestKeys;

class KeyPairsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void anEcKeyMatchesItsOwnPublicKeyAndNoOtherOnTheNistCurves(String curve) throws Exception {
        KeyPair pair = ec(curve);
        KeyPair other = ec(curve);

        assertThat(KeyPairs.matches(pair.getPrivate(), pair.getPublic())).isTrue();
        assertThat(KeyPairs.matches(other.getPrivate(), pair.getPublic())).isFalse();
        assertThat(KeyPairs.matches(pair.getPrivate(), other.getPublic())).isFalse();
    }

    @Test
    void anEcKeyOnAnotherCurveDoesNotMatch() throws Exception {
        assertThat(KeyPairs.matches(ec("secp384r1").getPrivate(), ec("secp256r1").getPublic())).isFalse();
    }

    @Test
    void aKeyWithoutAFastPathIsCheckedByAProbeSignature() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair pair = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();

        assertThat(KeyPairs.matches(pair.getPrivate(), pair.getPublic())).isTrue();
        assertThat(KeyPairs.matches(other.getPrivate(), pair.getPublic())).isFalse();
    }

    @Test
    void anRsaKeyMatchesItsOwnPublicKeyAndNoOther() {
        KeyPair pair = TestKeys.rsa();
        KeyPair other = TestKeys.rsa();

        assertThat(KeyPairs.matches(pair.getPrivate(), pair.getPublic())).isTrue();
        assertThat(KeyPairs.matches(other.getPrivate(), pair.getPublic())).isFalse();
    }

    @Test
    void keysOfDifferentAlgorithmsNeverMatch() throws Exception {
        KeyPair ec = ec("secp256r1");
        KeyPair rsa = TestKeys.rsa();

        assertThat(KeyPairs.matches(ec.getPrivate(), rsa.getPublic())).isFalse();
        assertThat(KeyPairs.matches(rsa.getPrivate(), ec.getPublic())).isFalse();
    }

    @Test
    void anEcKeyReadBackFromPemStillMatches() throws Exception {
        KeyPair pair = ec("secp256r1");

        assertThat(KeyPairs.matches(PemCodec.readPrivateKey(PemCodec.writePrivateKey(pair.getPrivate())),
                pair.getPublic())).isTrue();
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
