package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.certificate.PemCodec;
import dev.certmagic.testsupport.TestKeys;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The knobs of the core that issue 18 made properties reach the builders (read back from the builders' own
 * descriptions, after every property was applied), and wrong values fail startup naming the property.
 */
class KnobPropertiesTest {

    private static final String[] ACME_BASICS = {"certmagic.domains=app.example.com", "certmagic.agreed=true",
            "certmagic.ca=https://127.0.0.1:1/dir"};

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.storage.path=" + storage).withPropertyValues(ACME_BASICS);
    }

    /** What the manager's builder holds once the properties are applied (customizers run after them). */
    private String builtSettings(String... properties) {
        AtomicReference<String> settings = new AtomicReference<>();
        runner().withPropertyValues(properties)
                .withBean(CertificateManagerBuilderCustomizer.class, () -> builder -> settings.set(builder.toString()))
                .run(context -> assertThat(context).hasNotFailed());
        return settings.get();
    }

    private FailureAnalysis failure(String... properties) {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner().withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            analysis.set(new CertMagicFailureAnalyzer().analyze(context.getStartupFailure()));
        });
        assertThat(analysis.get()).as("analyzed as a certmagic misconfiguration").isNotNull();
        return analysis.get();
    }

    @Test
    void everyKnobPropertyReachesTheBuilders() throws Exception {
        Path key = Files.write(scratch.resolve("account.pem"), PemCodec.writePrivateKey(TestKeys.ec().getPrivate()));
        String settings = builtSettings("certmagic.reuse-private-keys=true", "certmagic.cache-capacity=50",
                "certmagic.renewal.jitter-seed=42", "certmagic.acme.max-concurrent-orders=3",
                "certmagic.acme.order-timeout=2m", "certmagic.acme.network-timeout=5s",
                "certmagic.acme.preferred-chain=ISRG Root X1", "certmagic.acme.user-agent=my-shop/2.1",
                "certmagic.acme.account-key=file:" + key, "certmagic.storage.clean-interval=6h",
                "certmagic.storage.keep-expired=3d");
        assertThat(settings).contains("reuseKey=true", "cacheCapacity=50", "jitterSeed=42",
                "maxConcurrentIssuance=3", "maxConcurrentOrders=3", "orderTimeout=PT2M", "networkTimeout=PT5S",
                "preferredChain=ISRG Root X1", "userAgent=my-shop/2.1 certmagic-spring-boot/", "accountKey=given",
                "storageCleanInterval=PT6H", "keepExpired=PT72H");
    }

    @Test
    void defaultsKeepTheCoresDefaults() {
        String settings = builtSettings();
        assertThat(settings).contains("reuseKey=false", "cacheCapacity=0", "maxConcurrentIssuance=10",
                "maxConcurrentOrders=10", "orderTimeout=PT1M30S", "networkTimeout=PT10S", "preferredChain=null",
                "userAgent=certmagic-spring-boot/", "accountKey=generated", "storageCleanInterval=PT24H",
                "keepExpired=PT24H");
        assertThat(settings).containsPattern("userAgent=certmagic-spring-boot/\\d[^ ]* acme4j/");
    }

    @Test
    void anAccountKeyGivenAsPemTextIsUsedAndNeverEchoedInAFailure() {
        KeyPair key = TestKeys.ec();
        String pem = new String(PemCodec.writePrivateKey(key.getPrivate()), StandardCharsets.US_ASCII);
        assertThat(builtSettings("certmagic.acme.account-key=" + pem)).contains("accountKey=given");

        String damaged = pem.replace("-----END", "XX-----END");
        FailureAnalysis analysis = failure("certmagic.acme.account-key=" + damaged);
        assertThat(analysis.getDescription()).contains("certmagic.acme.account-key").contains("no readable private key");
        String body = pem.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(body);
    }

    @Test
    void anUnreadableAccountKeyLocationNamesThePropertyAndTheFix() {
        FailureAnalysis analysis = failure("certmagic.acme.account-key=file:" + scratch.resolve("missing.pem"));
        assertThat(analysis.getDescription()).contains("certmagic.acme.account-key", "missing.pem", "cannot be read");
        assertThat(analysis.getAction()).contains("PEM file");
    }

    @Test
    void anAccountKeyNoCaAcceptsIsRefusedInPropertyTerms() throws Exception {
        Path key = Files.write(scratch.resolve("short.pem"), PemCodec.writePrivateKey(TestKeys.rsa(1024).getPrivate()));
        FailureAnalysis analysis = failure("certmagic.acme.account-key=file:" + key);
        assertThat(analysis.getDescription()).contains("certmagic.acme.account-key is an RSA key of 1024 bits");
    }

    @Test
    void aUserAgentThatCouldInjectHeadersIsRefused() {
        FailureAnalysis analysis = failure("certmagic.acme.user-agent=shop/1\r\nX-Injected: yes");
        assertThat(analysis.getDescription()).contains("certmagic.acme.user-agent must be non-blank printable ASCII");
    }

    @Test
    void aNetworkTimeoutLongerThanTheWholeRequestIsRefused() {
        FailureAnalysis analysis = failure("certmagic.acme.network-timeout=40s");
        assertThat(analysis.getDescription()).contains("certmagic.acme.network-timeout (PT40S)",
                "certmagic.acme.response-timeout (PT30S)");
        assertThat(analysis.getAction()).contains("Raise certmagic.acme.response-timeout");
    }

    @Test
    void zeroConcurrentOrdersOrOrderTimeoutOrANegativeCacheAreRefused() {
        assertThat(failure("certmagic.acme.max-concurrent-orders=0").getDescription())
                .contains("certmagic.acme.max-concurrent-orders is 0");
        assertThat(failure("certmagic.acme.order-timeout=0s").getDescription())
                .contains("certmagic.acme.order-timeout is PT0S");
        assertThat(failure("certmagic.cache-capacity=-1").getDescription())
                .contains("certmagic.cache-capacity must not be negative");
        assertThat(failure("certmagic.storage.keep-expired=-1h").getDescription())
                .contains("certmagic.storage.keep-expired must not be negative");
    }
}
