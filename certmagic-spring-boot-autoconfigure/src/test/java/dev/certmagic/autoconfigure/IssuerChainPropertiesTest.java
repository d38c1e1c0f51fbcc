package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.KeyType;
import dev.certmagic.event.CertificateEvent;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.event.CertificateFailedEvent;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.issuance.InternalIssuer;
import dev.certmagic.issuance.IssuerFailure;
import dev.certmagic.issuance.IssuerPolicy;
import dev.certmagic.status.CertificateView;
import dev.certmagic.storage.StorageKeys;

/**
 * {@code certmagic.issuers[i]} and {@code certmagic.issuer-policy}: they bind, build a chain the manager asks in
 * turn within one attempt (two unreachable loopback CAs: the failure event names both), and refuse to be mixed
 * with the single-CA shorthand.
 */
class IssuerChainPropertiesTest {

    private static final String CA_A = "https://127.0.0.1:1/dir";

    private static final String CA_B = "https://127.0.0.2:1/dir";

    @TempDir
    Path storage;

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.storage.path=" + storage, "certmagic.domains=app.example.com");
    }

    @Test
    void theIssuersAreAskedInTurnWithinOneAttempt() {
        runner().withUserConfiguration(Recorder.class)
                .withPropertyValues("certmagic.agreed=true", "certmagic.issuers[0].ca=" + CA_A,
                        "certmagic.issuers[1].ca=" + CA_B, "certmagic.issuers[1].email=ops@example.com",
                        "certmagic.issuers[1].key-type=rsa2048", "certmagic.issuer-policy=first")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CertMagicProperties properties = context.getBean(CertMagicProperties.class);
                    assertThat(properties.getIssuers()).extracting(IssuerProperties::getCa).containsExactly(CA_A,
                            CA_B);
                    assertThat(properties.getIssuers().get(1).getKeyType()).isEqualTo(KeyType.RSA2048);
                    List<CertificateEvent> events = context.getBean(Recorder.class).events;
                    await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                            .anyMatch(CertificateFailedEvent.class::isInstance));
                    CertificateFailedEvent failed = events.stream().filter(CertificateFailedEvent.class::isInstance)
                            .map(CertificateFailedEvent.class::cast).findFirst().orElseThrow();
                    assertThat(failed.issuerFailures()).extracting(IssuerFailure::issuerKey).containsExactly(
                            StorageKeys.issuerKey(URI.create(CA_A)), StorageKeys.issuerKey(URI.create(CA_B)));
                    assertThat(failed.issuerKey()).isEqualTo(StorageKeys.issuerKey(URI.create(CA_B)));
                });
    }

    @Test
    void anInternalEntryIssuesWhenTheAcmeCaBeforeItIsUnreachable() {
        runner().withUserConfiguration(Recorder.class)
                .withPropertyValues("certmagic.agreed=true", "certmagic.domains=localhost",
                        "certmagic.issuers[0].ca=" + CA_A, "certmagic.issuers[1].ca=internal")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<CertificateEvent> events = context.getBean(Recorder.class).events;
                    await().atMost(Duration.ofSeconds(30)).until(() -> events.stream()
                            .anyMatch(CertificateObtainedEvent.class::isInstance));
                    CertificateObtainedEvent obtained = events.stream()
                            .filter(CertificateObtainedEvent.class::isInstance)
                            .map(CertificateObtainedEvent.class::cast).findFirst().orElseThrow();
                    assertThat(obtained.issuerKey()).isEqualTo(InternalIssuer.ISSUER_KEY);
                    assertThat(obtained.issuerFailures()).extracting(IssuerFailure::issuerKey)
                            .containsExactly(StorageKeys.issuerKey(URI.create(CA_A)));
                    // The view /actuator/certificates renders: who issued, who failed and why.
                    // The event comes before the swap into the cache: wait for the view to show it.
                    CertificateManager manager = context.getBean(CertificateManager.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> !manager.view().certificates().isEmpty());
                    CertificateView view = manager.view().certificates().get(0);
                    assertThat(view.issuerKey()).isEqualTo(InternalIssuer.ISSUER_KEY);
                    assertThat(view.issuerFailures()).singleElement().satisfies(failure -> {
                        assertThat(failure.issuerKey()).isEqualTo(StorageKeys.issuerKey(URI.create(CA_A)));
                        assertThat(failure.message()).isNotBlank();
                    });
                });
    }

    @Test
    void anInternalLifetimeOutOfRangeNamesItsProperty() {
        FailureAnalysis analysis = analyze("certmagic.ca=internal", "certmagic.internal.lifetime=10s");
        assertThat(analysis.getDescription()).startsWith("certmagic.internal.lifetime '");
    }

    @Test
    void firstRandomBindsFromItsKebabCaseName() {
        runner().withPropertyValues("certmagic.agreed=true", "certmagic.issuers[0].ca=" + CA_A,
                "certmagic.issuer-policy=first-random").run(context -> assertThat(context
                        .getBean(CertMagicProperties.class).getIssuerPolicy()).isEqualTo(IssuerPolicy.FIRST_RANDOM));
    }

    @Test
    void theChainTogetherWithCertmagicCaFailsNamingBoth() {
        FailureAnalysis analysis = analyze("certmagic.agreed=true", "certmagic.ca=" + CA_B,
                "certmagic.issuers[0].ca=" + CA_A);
        assertThat(analysis.getDescription()).contains("certmagic.issuers and certmagic.ca are both set");
        assertThat(analysis.getAction()).contains("certmagic.issuers[i]");
    }

    @Test
    void theChainTogetherWithASingleCaProfileFailsNamingBoth() {
        FailureAnalysis analysis = analyze("certmagic.agreed=true", "certmagic.acme.profile=shortlived",
                "certmagic.issuers[0].ca=" + CA_A);
        assertThat(analysis.getDescription()).contains("certmagic.issuers and certmagic.acme.profile are both set");
    }

    @Test
    void anEntryWithoutAgreementNamesItsOwnProperty() {
        FailureAnalysis analysis = analyze("certmagic.agreed=true", "certmagic.issuers[0].ca=" + CA_A,
                "certmagic.issuers[1].ca=" + CA_B, "certmagic.issuers[1].agreed=false");
        assertThat(analysis.getDescription()).startsWith("certmagic.issuers[1].agreed is not true");
    }

    @Test
    void anEntryWithoutCaNamesItsProperty() {
        FailureAnalysis analysis = analyze("certmagic.agreed=true", "certmagic.issuers[0].email=ops@example.com");
        assertThat(analysis.getDescription()).startsWith("certmagic.issuers[0].ca 'null' is neither");
    }

    @Test
    void aNameAPublicCaRefusesIsAcceptedWhenAPrivateCaOfTheChainCanIssueIt() {
        runner().withPropertyValues("certmagic.agreed=true", "certmagic.domains=localhost",
                "certmagic.issuers[0].ca=letsencrypt", "certmagic.issuers[1].ca=" + CA_A)
                .run(context -> assertThat(context).hasNotFailed());
        FailureAnalysis allPublic = analyze("certmagic.agreed=true", "certmagic.domains=localhost",
                "certmagic.issuers[0].ca=letsencrypt", "certmagic.issuers[1].ca=zerossl");
        assertThat(allPublic.getDescription()).contains("certmagic.domains contains 'localhost'");
    }

    @Test
    void anIpAddressIsRefusedAtAPublicCaWithoutAProfileAndAcceptedWithOne() {
        FailureAnalysis plain = analyze("certmagic.agreed=true", "certmagic.domains=203.0.113.7",
                "certmagic.ca=letsencrypt");
        assertThat(plain.getDescription()).contains("certmagic.domains contains '203.0.113.7'");
        assertThat(plain.getAction()).contains("internal");
        runner().withPropertyValues("certmagic.agreed=true", "certmagic.domains=203.0.113.7",
                "certmagic.ca=letsencrypt", "certmagic.acme.profile=shortlived",
                "certmagic.acme.network-timeout=1s", "certmagic.acme.response-timeout=1s")
                .run(context -> assertThat(context).hasNotFailed());
        runner().withPropertyValues("certmagic.domains=203.0.113.7,localhost", "certmagic.ca=internal")
                .run(context -> assertThat(context).hasNotFailed());
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

    @Configuration(proxyBeanMethods = false)
    static class Recorder {

        final List<CertificateEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        CertificateEventListener recordingListener() {
            return events::add;
        }
    }
}
