package dev.certmagic.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.dns.challenge.DnsChallengeSettings;
import dev.certmagic.dns.challenge.DnsChallengeSolver;
import dev.certmagic.dns.resolve.DnsQueries;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.PebbleSettings;
import dev.certmagic.testsupport.PowerDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS-01 through a real PowerDNS Authoritative and its HTTP API, Pebble validating through its DNS listener.
 */
class PowerDnsPebbleTest {

    private static PowerDnsServer pdns;
    private static Pebble pebble;

    @TempDir
    Path storageRoot;

    @BeforeAll
    static void start() {
        pdns = PowerDnsServer.start(List.of("example.test"));
        pebble = Pebble.start(new PebbleSettings(5, 0, 0, true, Map.of(), 0).withDnsServer(pdns.address()));
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
        }
        if (pdns != null) {
            pdns.close();
        }
    }

    @Test
    void aWildcardAndItsBaseNameAreObtainedThroughTheApiAndTheirRecordsAreGoneAfterwards() throws Exception {
        StoredCertificate issued = flow(provider(pdns.apiKey())).obtain(List.of("*.example.test", "example.test"));

        assertThat(issued.leaf().getSubjectAlternativeNames()).extracting(san -> String.valueOf(san.get(1)))
                .containsExactlyInAnyOrder("*.example.test", "example.test");
        assertThat(txt("_acme-challenge.example.test")).isEmpty();
    }

    @Test
    void aWrongApiKeyFailsNamingTheApiAndRecordWithNothingWritten() throws Exception {
        String wrongKey = "wrong-key-0123456789";
        FileStorage storage = FileStorage.builder(storageRoot).build();

        assertThatThrownBy(() -> flow(provider(wrongKey), storage).obtain(List.of("*.wrong.example.test")))
                .hasMessageContaining("_acme-challenge.wrong.example.test.")
                .hasMessageContaining(pdns.apiUrl())
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("api-key")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(wrongKey).doesNotContain(pdns.apiKey()));
        assertThat(txt("_acme-challenge.wrong.example.test")).isEmpty();
        assertThat(storage.exists("certificates")).isFalse();
    }

    private static PowerDnsProvider provider(String key) {
        return new PowerDnsProvider(new PowerDnsSettings(URI.create(pdns.apiUrl()), key, "localhost",
                Duration.ofSeconds(30), Duration.ofSeconds(5)));
    }

    private ObtainFlow flow(PowerDnsProvider provider) {
        return flow(provider, FileStorage.builder(storageRoot).build());
    }

    private static ObtainFlow flow(PowerDnsProvider provider, FileStorage storage) {
        DnsChallengeSettings settings = DnsChallengeSettings.DEFAULTS.withResolvers(List.of(server()))
                .withPropagation(Duration.ZERO, Duration.ofSeconds(20), Duration.ofMillis(200));
        AcmeIssuer issuer = AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(true).email("ops@example.test").solver(new DnsChallengeSolver(provider, settings))
                .build(storage, Clock.systemUTC());
        return new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT, new RetrySchedule(storage, Clock.systemUTC()),
                new CertificateEventDispatcher(), Clock.systemUTC());
    }

    private static InetSocketAddress server() {
        return new InetSocketAddress("127.0.0.1", pdns.dnsPort());
    }

    private static List<String> txt(String name) throws Exception {
        List<String> values = new ArrayList<>();
        new DnsQueries(Duration.ofSeconds(2)).query(server(), DnsQueries.absolute(name), Type.TXT, false)
                .getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.TXT)
                .forEach(r -> values.add(r.rdataToString()));
        return values;
    }

    private static String stackText(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
