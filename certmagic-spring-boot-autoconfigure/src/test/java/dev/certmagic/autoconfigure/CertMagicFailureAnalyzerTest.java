package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.CertificateManager;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Each misconfiguration fails startup with a report that names the property and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class CertMagicFailureAnalyzerTest {

    private static final String PRIVATE_CA = "certmagic.ca=https://127.0.0.1:1/dir";

    @TempDir
    Path storage;

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.storage.path=" + storage);
    }

    private FailureAnalysis analyze(String... properties) {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner().withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            analysis.set(new CertMagicFailureAnalyzer().analyze(context.getStartupFailure()));
        });
        assertThat(analysis.get()).as("analyzed as a certmagic misconfiguration").isNotNull();
        return analysis.get();
    }

    @Test
    void aRenewalWindowRatioTheCoreRefusesNamesTheProperty() {
        FailureAnalysis analysis = analyze(PRIVATE_CA, "certmagic.domains=app.example.com", "certmagic.agreed=true",
                "certmagic.renewal.window-ratio=1.5");
        assertThat(analysis.getDescription()).contains("certmagic.renewal.window-ratio");
        assertThat(analysis.getAction()).contains("certmagic.* property");
    }

    @Test
    void anAcmeResponseLimitTheCoreRefusesNamesTheProperty() {
        FailureAnalysis size = analyze(PRIVATE_CA, "certmagic.domains=app.example.com", "certmagic.agreed=true",
                "certmagic.acme.max-response-size=10B");
        assertThat(size.getDescription()).contains("certmagic.acme.max-response-size must be at least 1024 bytes");
        FailureAnalysis timeout = analyze(PRIVATE_CA, "certmagic.domains=app.example.com", "certmagic.agreed=true",
                "certmagic.acme.response-timeout=0s");
        assertThat(timeout.getDescription()).contains("certmagic.acme.response-timeout must be positive");
    }

    @Test
    void aCustomizersRefusedSettingIsReportedInBuilderTerms() {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner().withPropertyValues(PRIVATE_CA, "certmagic.domains=app.example.com", "certmagic.agreed=true")
                .withBean(CertificateManagerBuilderCustomizer.class, () -> builder -> builder.maxConcurrentIssuance(0))
                .run(context -> analysis.set(new CertMagicFailureAnalyzer().analyze(context.getStartupFailure())));
        assertThat(analysis.get().getDescription()).contains("maxConcurrentIssuance must be at least 1");
        assertThat(analysis.get().getAction()).contains("CertificateManagerBuilderCustomizer");
    }

    @Test
    void agreedMissingNamesThePropertyAndLetsEncryptsTerms() {
        FailureAnalysis analysis = analyze("certmagic.domains=example.com");
        assertThat(analysis.getDescription()).contains("certmagic.agreed is not true").contains("letsencrypt");
        assertThat(analysis.getAction()).contains("https://letsencrypt.org/repository/")
                .contains("certmagic.agreed=true");
    }

    @Test
    void agreedMissingWithACustomCaPointsAtItsDirectory() {
        FailureAnalysis analysis = analyze("certmagic.domains=app.internal", PRIVATE_CA);
        assertThat(analysis.getAction()).contains("terms of service in the CA's ACME directory")
                .contains("https://127.0.0.1:1/dir");
    }

    @Test
    void mustStapleWithoutStaplingNamesBothProperties() {
        FailureAnalysis analysis = analyze("certmagic.domains=example.com", "certmagic.agreed=true",
                "certmagic.must-staple=true");
        assertThat(analysis.getDescription()).contains("certmagic.must-staple is true")
                .contains("does not staple");
        assertThat(analysis.getAction()).contains("certmagic.ocsp.stapling=true");
    }

    @Test
    void localhostCannotGetAPublicCertificate() {
        FailureAnalysis analysis = analyze("certmagic.domains=localhost", "certmagic.agreed=true");
        assertThat(analysis.getDescription()).contains("certmagic.domains contains 'localhost'")
                .contains("public CA");
        assertThat(analysis.getAction()).contains("certmagic.ca");
    }

    @Test
    void localhostIsRefusedWhenThePublicCaIsNamedByItsDirectoryUrl() {
        FailureAnalysis analysis = analyze("certmagic.domains=localhost", "certmagic.agreed=true",
                "certmagic.ca=https://acme-v02.api.letsencrypt.org/directory");
        assertThat(analysis.getDescription()).contains("certmagic.domains contains 'localhost'")
                .contains("public CA");
    }

    @Test
    void localhostIsRefusedWhenZeroSslIsNamedByItsDirectoryUrl() {
        assertThat(analyze("certmagic.domains=localhost", "certmagic.agreed=true",
                "certmagic.ca=https://acme.zerossl.com/v2/DV90").getDescription()).contains("public CA");
    }

    @Test
    void anIpAddressCannotGetAPublicCertificate() {
        assertThat(analyze("certmagic.domains=203.0.113.7", "certmagic.agreed=true").getDescription())
                .contains("'203.0.113.7'").contains("public CA");
    }

    @Test
    void aWildcardOverAPublicSuffixCannotGetAPublicCertificate() {
        assertThat(analyze("certmagic.domains=*.com", "certmagic.agreed=true").getDescription())
                .contains("'*.com'").contains("public CA");
    }

    @Test
    void aWildcardWithoutADnsProviderNamesDns01() {
        FailureAnalysis analysis = analyze("certmagic.domains=*.example.com", "certmagic.agreed=true");
        assertThat(analysis.getDescription()).contains("wildcard '*.example.com'").contains("DNS-01");
        assertThat(analysis.getAction()).contains("dev.certmagic.dns.DnsProvider bean");
    }

    @Test
    void serverSslTogetherWithCertmagicIsRefused() {
        FailureAnalysis analysis = analyze("certmagic.domains=example.com", "certmagic.agreed=true",
                "server.ssl.certificate=classpath:cert.pem");
        assertThat(analysis.getDescription()).contains("server.ssl.* is set");
        assertThat(analysis.getAction()).contains("Remove the server.ssl.* properties")
                .contains("certmagic.enabled=false");
    }

    @Test
    void theCertmagicBundleTogetherWithOtherServerSslPropertiesIsRefusedNamingThem() {
        FailureAnalysis analysis = analyze("certmagic.domains=example.com", "certmagic.agreed=true",
                "server.ssl.bundle=certmagic", "server.ssl.client-auth=need");
        assertThat(analysis.getDescription()).contains("server.ssl.bundle=certmagic")
                .contains("server.ssl.client-auth");
        assertThat(analysis.getAction()).contains("Remove the other server.ssl.* properties");
    }

    @Test
    void aStoragePathThatCannotBeAFolderIsRefused() throws Exception {
        Path file = Files.writeString(storage.resolve("not-a-folder"), "x");
        FailureAnalysis analysis = analyze("certmagic.domains=example.com", "certmagic.agreed=true",
                "certmagic.storage.path=" + file.resolve("certs"));
        assertThat(analysis.getDescription()).contains("certmagic.storage.path").contains("cannot hold");
        assertThat(analysis.getAction()).contains("read and write");
    }

    @Test
    void bothBuiltInChallengesOffWithoutDnsIsRefused() {
        assertThat(analyze("certmagic.domains=example.com", "certmagic.agreed=true",
                "certmagic.challenges.http.enabled=false", "certmagic.challenges.tls-alpn.enabled=false")
                .getDescription()).contains("no challenge can be solved");
    }

    @Test
    void anUnmanagedEntryWithoutItsKeyIsRefused() {
        assertThat(analyze("certmagic.unmanaged[0].certificate=file:/nonexistent.pem").getDescription())
                .contains("certmagic.unmanaged needs both certificate and private-key");
    }

    @Test
    void aPrivateCaUrlAllowsInternalNames() {
        runner().withPropertyValues("certmagic.domains=app.internal", "certmagic.agreed=true", PRIVATE_CA)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(CertificateManager.class));
    }

    @Test
    void springBootPrintsTheReportThroughTheRegisteredAnalyzer(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(EmptyApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "certmagic.domains=example.com",
                        "certmagic.storage.path=" + storage)
                .run());
        assertThat(output).contains("APPLICATION FAILED TO START").contains("certmagic.agreed is not true")
                .contains("https://letsencrypt.org/repository/");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EmptyApplication {
    }
}
