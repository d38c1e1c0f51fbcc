package dev.certmagic.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OnDemandPolicyTest {

    private AskServer ask;

    @BeforeEach
    void startAskServer() throws Exception {
        ask = AskServer.start();
    }

    @AfterEach
    void stopAskServer() {
        ask.close();
    }

    @Test
    void aPolicyWithNoWayToAllowNamesIsRefusedWithAnExplanation() {
        assertThatThrownBy(() -> OnDemandPolicy.builder().maxObtain(10).rateLimit(5, Duration.ofMinutes(1)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anyone who points a DNS name at this server")
                .hasMessageContaining("allowedDomains(...)")
                .hasMessageContaining("ask(...)")
                .hasMessageContaining("decision(...)").hasMessageContaining("OnDemandDecision");
    }

    @Test
    void anEmptyAllowlistDoesNotCountAsAWayToAllowNames() {
        assertThatThrownBy(() -> OnDemandPolicy.builder().allowedDomains(List.of()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing limits which names");
    }

    @Test
    void aDecisionCombinedWithAnAllowlistOrAskIsRefusedRatherThanHalfIgnored() {
        assertThatThrownBy(() -> OnDemandPolicy.builder().decision(name -> true)
                .allowedDomains(List.of("example.com")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sole authority");
        assertThatThrownBy(() -> OnDemandPolicy.builder().decision(name -> true).ask(ask.uri("/allow")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sole authority");
    }

    @Test
    void malformedAllowlistEntriesAndAskUrlsAreConfigurationErrors() {
        assertThatThrownBy(() -> OnDemandPolicy.builder().allowedDomains(List.of("ok.example.com", "a.*.com"))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.*.com");
        assertThatThrownBy(() -> OnDemandPolicy.builder().ask(URI.create("file:///etc/passwd")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s)");
    }

    @Test
    void hostileNamesAreDeniedWithoutConsultingTheDecision() {
        AtomicInteger calls = new AtomicInteger();
        OnDemandPolicy policy = OnDemandPolicy.builder().decision(name -> calls.incrementAndGet() > 0).build();

        for (String hostile : new String[] {null, "", "*.example.com", "a..example.com", "127.0.0.1", "[::1]",
                "exa mple.com", "foo/bar.com", "x".repeat(2000), "a.example.com;rm"}) {
            assertThat(policy.check(hostile)).as(String.valueOf(hostile))
                    .isEqualTo(OnDemandVerdict.DENIED_HOSTILE_NAME);
        }
        assertThat(calls).hasValue(0);
        assertThat(policy.check("Good.Example.COM.")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void hostileNamesAreDeniedWithoutCallingTheAskEndpoint() {
        OnDemandPolicy policy = OnDemandPolicy.builder().ask(ask.uri("/allow")).build();

        assertThat(policy.check("*.example.com")).isEqualTo(OnDemandVerdict.DENIED_HOSTILE_NAME);
        assertThat(policy.check("10.0.0.1")).isEqualTo(OnDemandVerdict.DENIED_HOSTILE_NAME);
        assertThat(ask.totalHits()).isZero();
    }

    @Test
    void theDecisionFunctionIsAuthoritativeAndNormalizedNamesReachIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OnDemandPolicy policy = OnDemandPolicy.builder().decision(name -> {
            seen.add(name);
            return name.endsWith(".customer.test");
        }).build();

        assertThat(policy.check("Shop.Customer.Test")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(policy.check("evil.test")).isEqualTo(OnDemandVerdict.DENIED_BY_DECISION);
        assertThat(seen).containsExactly("shop.customer.test", "evil.test");
    }

    @Test
    void aThrowingDecisionDenies() {
        OnDemandPolicy policy = OnDemandPolicy.builder().decision(name -> {
            throw new IllegalStateException("database down");
        }).build();

        assertThat(policy.check("a.example.com")).isEqualTo(OnDemandVerdict.DENIED_BY_DECISION);
    }

    @Test
    void theAllowlistMatchesExactNamesAndExactlyOneLabelUnderAWildcard() {
        OnDemandPolicy policy = OnDemandPolicy.builder()
                .allowedDomains(List.of("Exact.Example.org", "*.customers.example.com")).build();

        assertThat(policy.check("exact.example.org")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(policy.check("shop.customers.example.com")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(policy.check("customers.example.com")).isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
        assertThat(policy.check("a.shop.customers.example.com")).isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
        assertThat(policy.check("other.example.org")).isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
        assertThat(policy.check("xcustomers.example.com")).isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
    }

    @Test
    void theAskEndpointAllowsOn2xxAndDeniesOtherStatuses() {
        OnDemandPolicy allowing = OnDemandPolicy.builder().ask(ask.uri("/allow")).build();
        OnDemandPolicy denying = OnDemandPolicy.builder().ask(ask.uri("/deny")).build();

        assertThat(allowing.check("a.example.com")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(denying.check("b.example.com")).isEqualTo(OnDemandVerdict.DENIED_BY_ASK);
        assertThat(ask.hits("a.example.com")).isEqualTo(1);
        assertThat(ask.hits("b.example.com")).isEqualTo(1);
    }

    @Test
    void aRedirectFromTheAskEndpointIsNotFollowedAndDenies() {
        OnDemandPolicy policy = OnDemandPolicy.builder().ask(ask.uri("/redirect")).build();

        assertThat(policy.check("a.example.com")).isEqualTo(OnDemandVerdict.DENIED_BY_ASK);
        // Following the 302 would have hit /allow a second time.
        assertThat(ask.totalHits()).isEqualTo(1);
    }

    @Test
    void aHangingAskEndpointFailsWithinTheTimeout() {
        OnDemandPolicy policy = OnDemandPolicy.builder().ask(ask.uri("/hang"))
                .askTimeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        OnDemandVerdict verdict = policy.check("a.example.com");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(verdict).isEqualTo(OnDemandVerdict.ASK_FAILED);
        assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anUnreachableAskEndpointDenies() throws Exception {
        URI closed;
        try (AskServer gone = AskServer.start()) {
            closed = gone.uri("/allow");
        }
        OnDemandPolicy policy = OnDemandPolicy.builder().ask(closed).askTimeout(Duration.ofSeconds(1)).build();

        assertThat(policy.check("a.example.com")).isEqualTo(OnDemandVerdict.ASK_FAILED);
    }

    @Test
    void theDomainIsSentUrlEncodedAndAppendedToAnExistingQuery() {
        OnDemandPolicy policy = OnDemandPolicy.builder()
                .ask(URI.create(ask.uri("/allow").toString() + "?token=abc")).build();

        assertThat(policy.check("xn--bcher-kva.example")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(policy.check("bücher2.example")).isEqualTo(OnDemandVerdict.ALLOWED);
        assertThat(ask.hits("xn--bcher-kva.example")).isEqualTo(1);
        assertThat(ask.hits("xn--bcher2-3ya.example")).isEqualTo(1);
        AskEndpoint endpoint = new AskEndpoint(URI.create("http://h/ask?x=1"), Duration.ofSeconds(1), null);
        assertThat(endpoint.requestUri("a-b_c.example").toString()).isEqualTo("http://h/ask?x=1&domain=a-b_c.example");
    }

    @Test
    void theAllowlistIsCheckedBeforeTheAskEndpointAndBothMustAllow() {
        OnDemandPolicy policy = OnDemandPolicy.builder().allowedDomains(List.of("*.example.com"))
                .ask(ask.uri("/deny")).build();

        assertThat(policy.check("a.other.org")).isEqualTo(OnDemandVerdict.NOT_IN_ALLOWLIST);
        assertThat(ask.totalHits()).isZero();
        assertThat(policy.check("a.example.com")).isEqualTo(OnDemandVerdict.DENIED_BY_ASK);
        assertThat(ask.totalHits()).isEqualTo(1);
    }
}
