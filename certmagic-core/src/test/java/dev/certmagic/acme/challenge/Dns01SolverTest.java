package dev.certmagic.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.internal.challenge.ChallengeStore;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.challenge.Dns01Challenge;
import org.shredzone.acme4j.toolbox.JSON;

class Dns01SolverTest {

    private final Map<String, Set<String>> zone = new ConcurrentHashMap<>();
    private final DnsProvider provider = new DnsProvider() {
        @Override
        public void appendTxt(String fqdn, String value) {
            zone.computeIfAbsent(fqdn, k -> ConcurrentHashMap.newKeySet()).add(value);
        }

        @Override
        public void deleteTxt(String fqdn, String value) {
            zone.getOrDefault(fqdn, Set.of()).remove(value);
        }
    };

    @Test
    void theRecordOfAWildcardGoesOnTheBaseNameAndIsRemovedAfterwards() throws Exception {
        Dns01Challenge challenge = challenge();
        Dns01Solver solver = new Dns01Solver(provider, fqdn -> zone.getOrDefault(fqdn, Set.of()),
                Duration.ofSeconds(1), Duration.ofMillis(10));

        solver.present("*.Example.com", challenge);
        assertThat(zone).containsEntry("_acme-challenge.example.com.", Set.of(challenge.getDigest()));

        solver.cleanUp("*.Example.com", challenge);
        assertThat(zone.get("_acme-challenge.example.com.")).isEmpty();
    }

    @Test
    void aRecordThatNeverBecomesVisibleFailsAfterThePropagationTimeout() throws Exception {
        Dns01Solver solver = new Dns01Solver(provider, fqdn -> Set.of(), Duration.ofMillis(200),
                Duration.ofMillis(20));

        long start = System.nanoTime();
        assertThatThrownBy(() -> solver.present("slow.example.com", challenge()))
                .isInstanceOf(IOException.class).hasMessageContaining("did not become visible");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void onlyDns01SupportsWildcards() {
        assertThat(new Dns01Solver(provider, null, Duration.ZERO, Duration.ZERO).supports("*.example.com"))
                .isTrue();
        assertThat(new Http01Solver(new ChallengeStore(new dev.certmagic.issuance.MemoryStorage(), "test-ca"))
                .supports("*.example.com")).isFalse();
    }

    private static Dns01Challenge challenge() throws Exception {
        Session session = new Session(URI.create("https://ca.invalid/dir"));
        Login login = new Login(new URL("https://ca.invalid/acct/1"), KeyType.EC256.generate(), session);
        return new Dns01Challenge(login, JSON.parse("{\"type\":\"dns-01\",\"url\":\"https://ca.invalid/chall/2\","
                + "\"status\":\"pending\",\"token\":\"dnsTOKEN_123-abc\"}"));
    }
}
