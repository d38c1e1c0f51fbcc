package dev.certmagic.autoconfigure.web.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

import dev.certmagic.autoconfigure.CertMagicConfigurationException;

/**
 * {@code certmagic.tls.provider} on Tomcat, against what this JVM really has (conscrypt-openjdk-uber is on the test
 * class path) and, for the refusals, against a JVM without it.
 */
class TomcatTlsEngineTest {

    private final ClassLoader classLoader = getClass().getClassLoader();

    @Test
    void boringSslIsConscryptWhenItLoads() {
        assertThat(ConscryptContexts.available()).as("Conscrypt's native library loads here").isTrue();
        assertThat(TomcatTlsEngine.resolve("boringssl", false, classLoader)).isEqualTo(TomcatTlsEngine.CONSCRYPT);
    }

    @Test
    void autoAndJdkStayOnJsseEvenWithConscryptPresent() {
        assertThat(TomcatTlsEngine.resolve("auto", false, classLoader)).isEqualTo(TomcatTlsEngine.JSSE);
        assertThat(TomcatTlsEngine.resolve("AUTO", true, classLoader)).isEqualTo(TomcatTlsEngine.JSSE);
        assertThat(TomcatTlsEngine.resolve("jdk", true, classLoader)).isEqualTo(TomcatTlsEngine.JSSE);
    }

    @Test
    void boringSslWithoutConscryptFailsNamingThePropertyAndTheDependency() {
        assertThatExceptionOfType(CertMagicConfigurationException.class)
            .isThrownBy(() -> TomcatTlsEngine.resolve("boringssl", false, false, () -> "not on the class path"))
            .withMessageContaining("certmagic.tls.provider=boringssl")
            .withMessageContaining("not on the class path")
            .satisfies(e -> assertThat(e.getAction()).contains("org.conscrypt:conscrypt-openjdk-uber")
                    .contains("certmagic.tls.provider=jdk"));
    }

    @Test
    void boringSslWithOcspStaplingFailsInsteadOfServingWithoutStaples() {
        assertThatExceptionOfType(CertMagicConfigurationException.class)
            .isThrownBy(() -> TomcatTlsEngine.resolve("boringssl", true, true, () -> "unused"))
            .withMessageContaining("certmagic.ocsp.stapling=true")
            .withMessageContaining("certmagic.tls.provider=boringssl")
            .satisfies(e -> assertThat(e.getAction()).contains("certmagic.ocsp.stapling=false"));
    }
}
