package dev.certmagic.acme;

import static dev.certmagic.acme.ChainAssertions.assertVerifiesAgainstPebble;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.acme.challenge.Http01Solver;
import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.issuance.ObtainFlow;
import dev.certmagic.internal.issuance.RetrySchedule;
import dev.certmagic.internal.issuance.StoredCertificate;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * Two instances sharing one storage directory (two {@link FileStorage}s on one folder, as two processes would
 * have): one order per name, the same certificates for both, and challenges answered by whichever instance the
 * CA reaches.
 */
@WithPebble(authzReuse = 0)
class ClusterPebbleTest {

    static Pebble pebble;

    @TempDir
    Path directory;

    @Test
    void twoInstancesAskedAtOnceForTheSameTenNamesPlaceExactlyTenOrdersAndEndWithTheSameCertificates()
            throws Exception {
        Instance a = new Instance(fileStorage());
        Instance b = new Instance(fileStorage());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("cluster-" + i + ".example.com");
        }
        long ordersBefore = pebble.countLogLines("Added order");

        // Only B's responder serves HTTP: every challenge A creates must be answered through storage.
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (Http01TestServer server = new Http01TestServer(pebble.httpPort(), b.responder)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<StoredCertificate>> fromA = new ArrayList<>();
            List<Future<StoredCertificate>> fromB = new ArrayList<>();
            for (String name : names) {
                fromA.add(pool.submit(obtainAfter(start, a, name)));
                fromB.add(pool.submit(obtainAfter(start, b, name)));
            }
            start.countDown();
            for (int i = 0; i < names.size(); i++) {
                StoredCertificate certA = fromA.get(i).get(60, TimeUnit.SECONDS);
                StoredCertificate certB = fromB.get(i).get(60, TimeUnit.SECONDS);
                assertThat(certA.leaf()).isEqualTo(certB.leaf());
                assertThat(certA.privateKey()).isEqualTo(certB.privateKey());
                assertVerifiesAgainstPebble(certA, pebble, names.get(i));
            }
        } finally {
            pool.shutdownNow();
            a.storage.close();
            b.storage.close();
        }

        assertThat(a.issuer.orders() + b.issuer.orders()).isEqualTo(10);
        assertThat(pebble.countLogLines("Added order") - ordersBefore).isEqualTo(10);
    }

    @Test
    void anHttp01ChallengeCreatedByOneInstanceIsAnsweredByTheOthersResponder() throws Exception {
        Instance a = new Instance(fileStorage());
        Instance b = new Instance(fileStorage());

        try (Http01TestServer server = new Http01TestServer(pebble.httpPort(), b.responder)) {
            StoredCertificate issued = a.flow.obtain(List.of("cross.example.com"));

            assertVerifiesAgainstPebble(issued, pebble, "cross.example.com");
            assertThat(a.issuer.orders()).isEqualTo(1);
            assertThat(server.answered()).as("B answered A's challenge").isPositive();
        } finally {
            a.storage.close();
            b.storage.close();
        }
    }

    private static Callable<StoredCertificate> obtainAfter(CountDownLatch start, Instance instance, String name) {
        return () -> {
            start.await();
            return instance.flow.obtain(List.of(name));
        };
    }

    private FileStorage fileStorage() {
        return FileStorage.builder(directory).lockPollInterval(Duration.ofMillis(50)).build();
    }

    private static final class Instance {
        final FileStorage storage;
        final CountingIssuer issuer;
        final ObtainFlow flow;
        final Http01Responder responder;

        Instance(FileStorage storage) {
            this.storage = storage;
            ChallengeStore challenges = new ChallengeStore(storage, "test-ca");
            this.issuer = new CountingIssuer(AcmeIssuer.builder(pebble.directoryUri())
                    .trustedRoots(List.of(pebble.trustCertificate())).agreed(true).email("cluster@example.com")
                    .solver(new Http01Solver(challenges)).build(storage, Clock.systemUTC()));
            this.flow = new ObtainFlow(storage, issuer, IssuancePolicy.DEFAULT,
                    new RetrySchedule(storage, Clock.systemUTC()), new CertificateEventDispatcher(),
                    Clock.systemUTC());
            this.responder = new Http01Responder(challenges);
        }
    }
}
