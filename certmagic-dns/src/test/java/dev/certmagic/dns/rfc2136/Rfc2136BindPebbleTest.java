package dev.certmagic.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.challenge.DnsChallengeSettings;
import dev.certmagic.dns.challenge.DnsChallengeSolver;
import dev.certmagic.dns.resolve.DnsQueries;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.BindServer;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS-01 for real: a BIND 9 with a TSIG key on loopback, Pebble validating through it, certificates obtained
 * through RFC 2136 updates; CNAME delegation to a dynamic zone; propagation waits checked at the authoritative
 * servers found by NS lookup.
 */
class Rfc2136BindPebbleTest {

    private static BindServer bind;
    private static Pebble pebble;

    @TempDir
    Path storageRoot;

    @BeforeAll
    static void start() {
        bind = BindServer.start("certmagic-test", List.of(
                new BindServer.Zone("example.test", true, List.of()),
                new BindServer.Zone("main.test", false,
                        List.of("_acme-challenge.app IN CNAME app.acme.main.test.")),
                new BindServer.Zone("acme.main.test", true, List.of())));
        pebble = Pebble.start(new PebbleSettings(5, 0, 0, true, java.util.Map.of(), 0)
                .withDnsServer(bind.address()));
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void aWildcardAndItsBaseNameAreObtainedByRfc2136AndTheirRecordsAreGoneAfterwards() throws Exception {
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS.withResolvers(List.of(server()))
                .withPropagation(Duration.ZERO, Duration.ofSeconds(20), Duration.ofMillis(200));

        StoredCertificate issued = flow(new DnsChallengeSolver(provider(bind.secret()), settings))
                .obtain(List.of("*.example.test", "example.test"));

        assertThat(names(issued.leaf())).containsExactlyInAnyOrder("*.example.test", "example.test");
        assertThat(txt("_acme-challenge.example.test")).isEmpty();
    }

    @Test
    void aWrongTsigKeyFailsNamingTheServerAndRecordWithNothingWritten() throws Exception {
        String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS.withResolvers(List.of(server()));
        FileStorage storage = FileStorage.builder(storageRoot).build();

        assertThatThrownBy(() -> flow(new DnsChallengeSolver(provider(wrongSecret), settings), storage)
                .obtain(List.of("*.wrong.example.test")))
                .hasMessageContaining("_acme-challenge.wrong.example.test.")
                .hasMessageContaining(bind.address())
                .hasMessageContaining("NOTAUTH")
                .hasMessageContaining("TSIG")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrongSecret).doesNotContain(bind.secret()));
        assertThat(txt("_acme-challenge.wrong.example.test")).isEmpty();
        assertThat(storage.exists("certificates")).isFalse();
    }

    @Test
    void anUnreachableServerFailsNamingServerAndRecordAndSchedulesARetry() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Rfc2136DnsProvider unreachable = new Rfc2136DnsProvider(new Rfc2136Settings(
                new InetSocketAddress("127.0.0.1", closedPort), "example.test", bind.keyName(), "hmac-sha256",
                bind.secret(), Duration.ofSeconds(30), Duration.ofSeconds(2)));
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS.withResolvers(List.of(server()));
        FileStorage storage = FileStorage.builder(storageRoot).build();

        assertThatThrownBy(() -> flow(new DnsChallengeSolver(unreachable, settings), storage)
                .obtain(List.of("down.example.test")))
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("_acme-challenge.down.example.test.")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(bind.secret()));
        assertThat(storage.exists(dev.certmagic.storage.StorageKeys.retryState("down.example.test")))
                .as("the retry schedule applies").isTrue();
    }

    @Test
    void aCnameDelegationWritesOnlyTheDelegatedZone() throws Exception {
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS.withResolvers(List.of(server()))
                .withPropagation(Duration.ZERO, Duration.ofSeconds(20), Duration.ofMillis(200));

        StoredCertificate issued = flow(new DnsChallengeSolver(provider(bind.secret()), settings))
                .obtain(List.of("app.main.test"));

        assertThat(names(issued.leaf())).containsExactly("app.main.test");
        assertThat(bind.wasUpdated("acme.main.test")).isTrue();
        assertThat(bind.wasUpdated("main.test")).isFalse();
        assertThat(txt("app.acme.main.test")).isEmpty();
    }

    @Test
    void aLaggingRecordIsAwaitedAtTheAuthoritativeServersAndTheOrderSucceeds() throws Exception {
        DelayedProvider lagging = new DelayedProvider(provider(bind.secret()), Duration.ofSeconds(3));
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS
                .withAuthoritativeCheck(List.of(server()), bind.port())
                .withPropagation(Duration.ZERO, Duration.ofSeconds(30), Duration.ofMillis(200));

        StoredCertificate issued = flow(new DnsChallengeSolver(lagging, settings)).obtain(List.of("lag.example.test"));

        assertThat(names(issued.leaf())).containsExactly("lag.example.test");
        assertThat(lagging.writtenAfterReturnNanos.get()).isGreaterThan(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aShortPropagationTimeoutFailsNamingTheRecordAndTheServersAsked() {
        DnsProvider neverServed = new DelayedProvider(provider(bind.secret()), Duration.ofMinutes(10));
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS
                .withAuthoritativeCheck(List.of(server()), bind.port())
                .withPropagation(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMillis(200));

        assertThatThrownBy(() -> flow(new DnsChallengeSolver(neverServed, settings))
                .obtain(List.of("slow.example.test")))
                .hasMessageContaining("_acme-challenge.slow.example.test.")
                .hasMessageContaining("servers asked: " + bind.address())
                .hasMessageContaining("within PT1S");
    }

    private static InetSocketAddress server() {
        return new InetSocketAddress("127.0.0.1", bind.port());
    }

    private static Rfc2136DnsProvider provider(String secret) {
        return new Rfc2136DnsProvider(new Rfc2136Settings(server(), null, bind.keyName(), "hmac-sha256", secret,
                Duration.ofSeconds(30), Duration.ofSeconds(5)));
    }

    private ObtainFlow flow(DnsChallengeSolver solver) {
        return flow(solver, FileStorage.builder(storageRoot).build());
    }

    private static ObtainFlow flow(DnsChallengeSolver solver, FileStorage storage) {
        AcmeIssuer issuer = AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).email("ops@example.test").solver(solver).build(storage, Clock.systemUTC());
        return new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT, new RetrySchedule(storage, Clock.systemUTC()),
                new CertificateEventDispatcher(), Clock.systemUTC());
    }

    private static List<String> txt(String name) throws Exception {
        Message answer = new DnsQueries(Duration.ofSeconds(2)).query(server(), DnsQueries.absolute(name), Type.TXT,
                false);
        List<String> values = new ArrayList<>();
        answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT)
                .forEach(r -> values.add(r.rdataToString()));
        return values;
    }

    private static List<String> names(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            names.add(String.valueOf(san.get(1)));
        }
        return names;
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    /** Writes the record only some time after {@code appendTxt} returned, like a provider whose API is eventual. */
    private static final class DelayedProvider implements DnsProvider {

        final AtomicLong writtenAfterReturnNanos = new AtomicLong();
        private final DnsProvider target;
        private final Duration delay;

        DelayedProvider(DnsProvider target, Duration delay) {
            this.target = target;
            this.delay = delay;
        }

        @Override
        public void appendTxt(String fqdn, String value) {
            long returned = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(delay.toMillis());
                    target.appendTxt(fqdn, value);
                    writtenAfterReturnNanos.set(System.nanoTime() - returned);
                } catch (Exception e) {
                    // The test that never wants the record served ends before this wakes up.
                }
            }, "delayed-dns-write");
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void deleteTxt(String fqdn, String value) throws java.io.IOException {
            target.deleteTxt(fqdn, value);
        }
    }
}
