package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.event.OnDemandDecisionEvent;
import dev.certmagic.ondemand.OnDemandDecision;
import dev.certmagic.ondemand.OnDemandGate;
import dev.certmagic.ondemand.OnDemandPolicy;
import dev.certmagic.ondemand.OnDemandVerdict;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.tls.MissingCertificateHandler;

/**
 * {@code certmagic.on-demand.*} and the {@link OnDemandDecision} bean: how they reach the core's policy and gate,
 * that on-demand TLS needs no {@code certmagic.domains}, and every refusal's failure report. The CA is an
 * unreachable loopback URL; no test here lets a name through to it.
 */
class OnDemandAutoConfigurationTest {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path storage;

    private WebApplicationContextRunner runner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CertMagicAutoConfiguration.class))
                .withPropertyValues("certmagic.agreed=true", "certmagic.ca=https://127.0.0.1:1/dir",
                        "certmagic.storage.path=" + storage, "certmagic.http.port=-1");
    }

    private FailureAnalysis analyze(WebApplicationContextRunner runner) {
        AtomicReference<FailureAnalysis> analysis = new AtomicReference<>();
        runner.run(context -> {
            assertThat(context).hasFailed();
            analysis.set(new CertMagicFailureAnalyzer().analyze(context.getStartupFailure()));
        });
        assertThat(analysis.get()).as("analyzed as a certmagic misconfiguration").isNotNull();
        return analysis.get();
    }

    @Test
    void onDemandWithAnAllowlistStartsWithoutAnyConfiguredDomain() {
        runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CertificateManager.class);
                    CertificateManager manager = context.getBean(CertificateManager.class);
                    assertThat(manager.view().onDemandGate()).as("on-demand gate installed").isPresent();
                    assertThat(manager.view().managedNames()).isEmpty();
                });
    }

    @Test
    void onDemandIsOffByDefaultAndTheStarterStillBacksOffWithoutDomains() {
        runner().withPropertyValues("certmagic.on-demand.allowed-domains=*.customers.example")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(CertificateManager.class));
        runner().withPropertyValues("certmagic.domains=app.example.com").run(context -> assertThat(
                context.getBean(CertificateManager.class).view().onDemandGate()).as("no gate unless enabled").isEmpty());
    }

    @Test
    void anAllowlistMissIsRefusedOnTheHandshakeThreadAndPublishedAsASpringEvent() {
        runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example")
                .withBean(DecisionEvents.class).run(context -> {
                    OnDemandGate gate = context.getBean(CertificateManager.class).view().onDemandGate().orElseThrow();
                    assertThat(gate.certificateFor("shop.elsewhere.example", KeyAlgorithm.EC)).isNull();
                    assertThat(gate.deniedCount()).isEqualTo(1);
                    assertThat(gate.ordersStarted()).isZero();
                    assertThat(context.getBean(DecisionEvents.class).events).singleElement().satisfies(event -> {
                        assertThat(event.verdict()).isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
                        assertThat(event.names()).containsExactly("shop.elsewhere.example");
                    });
                });
    }

    @Test
    void theDecisionBeanDecidesAndADeniedNameIsRememberedForTheDenialTtl() {
        MutableClock clock = new MutableClock(START);
        RecordingDecision decision = new RecordingDecision(name -> false);
        runner().withPropertyValues("certmagic.on-demand.enabled=true", "certmagic.on-demand.denial-ttl=30s")
                .withBean(OnDemandDecision.class, () -> decision).withBean(java.time.Clock.class, () -> clock)
                .run(context -> {
                    OnDemandGate gate = context.getBean(CertificateManager.class).view().onDemandGate().orElseThrow();
                    assertThat(gate.certificateFor("Shop.Customer.Example", KeyAlgorithm.EC)).isNull();
                    assertThat(decision.asked).containsExactly("shop.customer.example");
                    awaitSettled(gate);

                    clock.advance(Duration.ofSeconds(29));
                    assertThat(gate.certificateFor("shop.customer.example", KeyAlgorithm.EC)).isNull();
                    assertThat(decision.asked).as("remembered within denial-ttl").hasSize(1);
                    assertThat(gate.deniedCount()).isEqualTo(2);

                    clock.advance(Duration.ofSeconds(2));
                    assertThat(gate.certificateFor("shop.customer.example", KeyAlgorithm.EC)).isNull();
                    assertThat(decision.asked).as("asked again after denial-ttl").hasSize(2);
                    assertThat(gate.ordersStarted()).isZero();
                });
    }

    /** The waiting handshake returns when the order completes, a moment before the gate forgets it. */
    private static void awaitSettled(OnDemandGate gate) {
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.inFlight() == 0);
    }

    @Test
    void handshakeTimeoutAndMaxInFlightBoundAHandshakeWaitingOnASlowDecision() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingDecision slow = new RecordingDecision(name -> {
            release.await(30, TimeUnit.SECONDS);
            return false;
        });
        runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.handshake-timeout=200ms", "certmagic.on-demand.max-in-flight=1")
                .withBean(OnDemandDecision.class, () -> slow).withBean(DecisionEvents.class).run(context -> {
                    OnDemandGate gate = context.getBean(CertificateManager.class).view().onDemandGate().orElseThrow();
                    try {
                        long started = System.nanoTime();
                        assertThat(gate.certificateFor("slow.customer.example", KeyAlgorithm.EC)).isNull();
                        assertThat(Duration.ofNanos(System.nanoTime() - started))
                                .as("gave up after handshake-timeout").isBetween(Duration.ofMillis(150),
                                        Duration.ofSeconds(5));
                        assertThat(gate.handshakeTimeouts()).isEqualTo(1);

                        assertThat(gate.certificateFor("other.customer.example", KeyAlgorithm.EC)).isNull();
                        assertThat(context.getBean(DecisionEvents.class).events)
                                .extracting(OnDemandDecisionEvent::verdict).as("max-in-flight=1 is taken")
                                .containsExactly(OnDemandVerdict.TOO_MANY_IN_FLIGHT);
                    } finally {
                        release.countDown();
                    }
                });
    }

    @Test
    void everyPolicyPropertyReachesTheCorePolicy() {
        OnDemandProperties properties = new OnDemandProperties();
        properties.setAllowedDomains(List.of("*.customers.example", "shop.example"));
        properties.setAsk(URI.create("http://127.0.0.1:1/allowed"));
        properties.setMaxObtain(25L);
        properties.getRateLimit().setEvents(10);
        properties.getRateLimit().setWindow(Duration.ofMinutes(2));

        OnDemandPolicy policy = OnDemandSettings.policy(properties, null);

        assertThat(policy.maxObtain()).isEqualTo(25);
        assertThat(policy.rateLimitEvents()).isEqualTo(10);
        assertThat(policy.rateLimitWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.askUri()).isEqualTo(URI.create("http://127.0.0.1:1/allowed"));
        assertThat(policy.check("a.elsewhere.example")).as("allowlist before ask")
                .isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
        assertThat(policy.check("a.customers.example")).as("listed, then the unreachable ask endpoint denies")
                .isEqualTo(OnDemandVerdict.ASK_FAILED);
    }

    @Test
    void enabledWithNothingThatLimitsNamesRefusesToStartAndExplainsTheAbuseRiskAndTheThreeWays() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true"));
        assertThat(analysis.getDescription())
                .contains("On-demand TLS is enabled but nothing limits which names may get a certificate")
                .contains("anyone who points a DNS name at this server can make it order certificates")
                .contains("certmagic.on-demand.allowed-domains").contains("certmagic.on-demand.ask")
                .contains("dev.certmagic.ondemand.OnDemandDecision");
        assertThat(analysis.getAction()).contains("certmagic.on-demand.allowed-domains")
                .contains("certmagic.on-demand.ask").contains("OnDemandDecision bean")
                .contains("certmagic.on-demand.enabled=false");
    }

    @Test
    void aDecisionBeanCombinedWithAnAllowlistIsRefusedRatherThanHalfIgnored() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example")
                .withBean(OnDemandDecision.class, () -> name -> true));
        assertThat(analysis.getDescription()).contains("OnDemandDecision bean is the sole authority")
                .contains("certmagic.on-demand.allowed-domains");
        assertThat(analysis.getAction()).contains("Remove certmagic.on-demand.allowed-domains");
    }

    @Test
    void aDecisionBeanCombinedWithAnAskUrlIsRefusedToo() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.ask=http://127.0.0.1:1/allowed")
                .withBean(OnDemandDecision.class, () -> name -> true));
        assertThat(analysis.getDescription()).contains("cannot be combined with")
                .contains("certmagic.on-demand.ask");
    }

    @Test
    void onDemandNeedsTheCaSettingsEvenWithoutConfiguredDomains() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.agreed=false",
                "certmagic.on-demand.enabled=true", "certmagic.on-demand.allowed-domains=*.customers.example"));
        assertThat(analysis.getDescription()).contains("certmagic.agreed is not true");
    }

    @Test
    void halfARateLimitIsRefused() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example",
                "certmagic.on-demand.rate-limit.events=5"));
        assertThat(analysis.getDescription()).contains("certmagic.on-demand.rate-limit needs both events and window");
    }

    @Test
    void aMalformedAllowlistEntryIsRefusedNamingTheProperty() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.*.bad..example"));
        assertThat(analysis.getDescription()).contains("certmagic.on-demand.allowed-domains");
    }

    @Test
    void anAskUrlThatIsNotHttpIsRefusedWithoutEchoingIt() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.ask=ftp://user:s3cret-token@ask.example/allowed"));
        assertThat(analysis.getDescription()).contains("certmagic.on-demand.ask must be an absolute http://")
                .doesNotContain("s3cret-token");
        assertThat(analysis.getAction()).doesNotContain("s3cret-token");
    }

    @Test
    void aNonPositiveHandshakeTimeoutIsRefused() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example",
                "certmagic.on-demand.handshake-timeout=0s"));
        assertThat(analysis.getDescription()).contains("certmagic.on-demand.handshake-timeout must be a positive");
    }

    @Test
    void aNegativeMaxWaitingIsRefusedNamingTheProperty() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example", "certmagic.on-demand.max-waiting=-1"));
        assertThat(analysis.getDescription()).contains("certmagic.on-demand.max-waiting must not be negative");
        assertThat(analysis.getAction()).contains("well below the server's worker threads");
    }

    @Test
    void aMaxWaitingPerNameBelowOneIsRefusedNamingTheProperty() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example",
                "certmagic.on-demand.max-waiting-per-name=0"));
        assertThat(analysis.getDescription()).contains("certmagic.on-demand.max-waiting-per-name must be at least 1");
    }

    @Test
    void maxWaitingZeroLetsNoHandshakeWaitForAnUndecidedName() {
        CountDownLatch release = new CountDownLatch(1);
        OnDemandDecision slow = name -> release.await(30, TimeUnit.SECONDS);
        runner().withPropertyValues("certmagic.on-demand.enabled=true", "certmagic.on-demand.max-waiting=0")
                .withBean(OnDemandDecision.class, () -> slow).run(context -> {
                    OnDemandGate gate = context.getBean(CertificateManager.class).view().onDemandGate().orElseThrow();
                    try {
                        assertThat(gate.certificateFor("new.customer.example", KeyAlgorithm.EC)).isNull();
                        assertThat(gate.handshakesNotWaiting()).isEqualTo(1);
                        assertThat(gate.handshakeTimeouts()).isZero();
                        assertThat(gate.inFlight()).as("the decision goes on").isEqualTo(1);
                    } finally {
                        release.countDown();
                    }
                });
    }

    @Test
    void aMissingCertificateHandlerBeanAndOnDemandCannotBothAnswer() {
        FailureAnalysis analysis = analyze(runner().withPropertyValues("certmagic.on-demand.enabled=true",
                "certmagic.on-demand.allowed-domains=*.customers.example")
                .withBean(MissingCertificateHandler.class, () -> (name, keyType) -> null));
        assertThat(analysis.getDescription()).contains("MissingCertificateHandler bean");
        assertThat(analysis.getAction()).contains("certmagic.on-demand.enabled=false");
    }

    @Test
    void generatedMetadataDescribesEveryOnDemandProperty() throws Exception {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[?(@.name =~ /certmagic\\.on-demand\\..*/)]");
        assertThat(properties).extracting(property -> property.get("name")).containsExactlyInAnyOrder(
                "certmagic.on-demand.enabled", "certmagic.on-demand.allowed-domains", "certmagic.on-demand.ask",
                "certmagic.on-demand.ask-timeout", "certmagic.on-demand.max-obtain",
                "certmagic.on-demand.rate-limit.events", "certmagic.on-demand.rate-limit.window",
                "certmagic.on-demand.handshake-timeout", "certmagic.on-demand.denial-ttl",
                "certmagic.on-demand.max-in-flight", "certmagic.on-demand.max-waiting",
                "certmagic.on-demand.max-waiting-per-name");
        assertThat(properties).allSatisfy(property -> assertThat((String) property.get("description"))
                .as((String) property.get("name")).isNotBlank().doesNotStartWith("The "));
    }

    /** A decision that records what it was asked, in the order asked. */
    static final class RecordingDecision implements OnDemandDecision {

        final List<String> asked = new CopyOnWriteArrayList<>();

        private final OnDemandDecision answer;

        RecordingDecision(OnDemandDecision answer) {
            this.answer = answer;
        }

        @Override
        public boolean allow(String name) throws Exception {
            asked.add(name);
            return answer.allow(name);
        }
    }

    /** Collects the on-demand decisions the Spring event bridge publishes. */
    static class DecisionEvents {

        final List<OnDemandDecisionEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(OnDemandDecisionEvent event) {
            events.add(event);
        }
    }
}
