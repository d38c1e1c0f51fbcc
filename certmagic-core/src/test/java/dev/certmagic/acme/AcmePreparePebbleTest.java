package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.util.List;

import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;
import org.junit.jupiter.api.Test;

/**
 * {@link AcmeIssuer#prepare()} against a real Pebble: it registers the account ahead of the first order without
 * placing one, and without the user's agreement it neither registers nor throws (the order reports it).
 */
@WithPebble
class AcmePreparePebbleTest {

    static Pebble pebble;

    @Test
    void prepareRegistersTheAccountWithoutPlacingAnOrder() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        AcmeIssuer issuer = issuer(storage, true);
        long ordersBefore = pebble.countLogLines("Added order");

        issuer.prepare();

        assertThat(storage.keys()).contains(StorageKeys.userPrivateKey(issuer.issuerKey(), "prepare@example.com"),
                StorageKeys.userRegistration(issuer.issuerKey(), "prepare@example.com"));
        assertThat(pebble.countLogLines("Added order")).isEqualTo(ordersBefore);
    }

    @Test
    void withoutAgreementPrepareRegistersNothingAndDoesNotThrow() {
        MemoryStorage storage = new MemoryStorage();
        AcmeIssuer issuer = issuer(storage, false);

        assertThatCode(issuer::prepare).doesNotThrowAnyException();
        assertThat(storage.keys()).isEmpty();
    }

    private static AcmeIssuer issuer(MemoryStorage storage, boolean agreed) {
        return AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                .agreed(agreed).email("prepare@example.com")
                .solver(new Http01Solver(new ChallengeStore(storage, "test-ca")))
                .build(storage, Clock.systemUTC());
    }
}
