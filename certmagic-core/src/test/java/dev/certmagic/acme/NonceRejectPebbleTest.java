package dev.certmagic.acme;

import static dev.certmagic.acme.ChainAssertions.assertVerifiesAgainstPebble;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/** Half of all nonces rejected as badNonce: acme4j's retries must carry every order through. */
@WithPebble(nonceReject = 50, authzReuse = 0)
class NonceRejectPebbleTest {

    static Pebble pebble;

    @Test
    void tenOrdersInARowAllSucceedWhenHalfOfTheNoncesAreRejected() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        ChallengeStore challenges = new ChallengeStore(storage, "test-ca");
        CountingIssuer issuer = new CountingIssuer(AcmeIssuer.builder(pebble.directoryUri())
                .trustedRoots(List.of(pebble.trustCertificate())).agreed(true)
                .solver(new Http01Solver(challenges)).build(storage, Clock.systemUTC()));
        ObtainFlow flow = new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT,
                new RetrySchedule(storage, Clock.systemUTC()), new CertificateEventDispatcher(), Clock.systemUTC());

        try (Http01TestServer server = new Http01TestServer(pebble.httpPort(), new Http01Responder(challenges))) {
            for (int i = 0; i < 10; i++) {
                String name = "nonce-" + i + ".example.com";
                assertVerifiesAgainstPebble(flow.obtain(List.of(name)), pebble, name);
            }
        }
        assertThat(issuer.orders()).isEqualTo(10);
        // Pebble logs each newOrder POST before it checks the nonce, and "Added order" only for accepted ones; with
        // half of the nonces rejected, 10 orders without a single rejected newOrder happen once in 1024 runs.
        assertThat(pebble.countLogLines("POST /order-plz")).as("newOrder requests, retries included")
                .isGreaterThan(pebble.countLogLines("Added order"));
        assertThat(pebble.countLogLines("Added order")).isEqualTo(10);
    }
}
