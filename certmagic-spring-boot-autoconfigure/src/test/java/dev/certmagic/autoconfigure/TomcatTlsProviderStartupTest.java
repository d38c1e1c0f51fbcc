package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.autoconfigure.web.tomcat.TomcatCertMagicCustomizer;
import dev.certmagic.autoconfigure.web.tomcat.TomcatTlsEngine;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * {@code certmagic.tls.provider} at the startup of a servlet application on Tomcat: {@code boringssl} wires
 * Conscrypt when the application has it and fails the startup, naming the property and the fix, when it does not;
 * the default stays on the JDK's TLS. The CA is unreachable: nothing here is ordered.
 */
class TomcatTlsProviderStartupTest {

    @TempDir
    Path storage;

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.domains=app.example.com", "certmagic.agreed=true",
                        "certmagic.ca=https://127.0.0.1:1/dir", "certmagic.storage.path=" + storage);
    }

    @Test
    void boringSslWithoutConscryptOnTheClassPathFailsNamingThePropertyAndTheFix() {
        runner().withClassLoader(new FilteredClassLoader("org.conscrypt"))
            .withPropertyValues("certmagic.tls.provider=boringssl")
            .run(context -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new CertMagicFailureAnalyzer().analyze(context.getStartupFailure());
                assertThat(analysis).as("analyzed as a certmagic misconfiguration").isNotNull();
                assertThat(analysis.getDescription()).contains("certmagic.tls.provider=boringssl")
                    .contains("Conscrypt is not available").contains("not on the class path");
                assertThat(analysis.getAction()).contains("org.conscrypt:conscrypt-openjdk-uber")
                    .contains("certmagic.tls.provider=jdk");
            });
    }

    @Test
    void boringSslWithConscryptWiresTomcatWithIt() {
        runner().withPropertyValues("certmagic.tls.provider=boringssl")
            .run(context -> assertThat(context.getBean(TomcatCertMagicCustomizer.class).engine())
                .isEqualTo(TomcatTlsEngine.CONSCRYPT));
    }

    @Test
    void theDefaultStaysOnTheJdksTlsWithConscryptOnTheClassPath() {
        runner().run(context -> assertThat(context.getBean(TomcatCertMagicCustomizer.class).engine())
            .isEqualTo(TomcatTlsEngine.JSSE));
    }
}
