package dev.certmagic.autoconfigure;

import static dev.certmagic.autoconfigure.CertMagicApplicationPebbleTest.awaitReadiness;
import static dev.certmagic.autoconfigure.CertMagicApplicationPebbleTest.dnsNames;
import static dev.certmagic.autoconfigure.ClusterInstances.httpsPort;
import static dev.certmagic.autoconfigure.ClusterInstances.obtainedNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import dev.certmagic.CertificateManager;
import dev.certmagic.storage.Storage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.ToggleProxy;
import dev.certmagic.testsupport.WithPebble;

/**
 * Two instances of the application on one PostgreSQL database ({@code certmagic.storage.type=jdbc}) against a
 * real Pebble: each name is ordered once for the whole cluster, both serve the same certificates, a challenge
 * one instance started is answered by the other, and cached names keep handshaking while the database is
 * unreachable. Skipped, loudly, without a PostgreSQL server.
 */
@WithPebble(authzReuse = 0)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterPebbleTest {

    /** How long the database stays unreachable (issue 9 asks for 30 s). */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static final Duration ISSUANCE_DEADLINE = Duration.ofSeconds(90);

    static Pebble pebble;

    private static ClusterDatabase database;

    @TempDir
    Path scratch;

    private ClusterInstances instances;

    @BeforeAll
    static void connect() {
        database = ClusterDatabase.connect();
    }

    @AfterAll
    static void dropTables() throws Exception {
        database.drop();
    }

    @BeforeEach
    void requirePostgres() throws IOException {
        database.assumeAvailable();
        instances = new ClusterInstances(pebble, database, scratch);
    }

    @AfterEach
    void stopInstances() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void twoInstancesAskedForFiveNamesAtOnceOrderEachOnceServeTheSameCertificatesAndSolveEachOthersChallenges()
            throws Exception {
        String warmUp = "warm-up.pair.cluster.example";
        DataSource shared = database.dataSource();
        ConfigurableApplicationContext b = instances.startReachable(warmUp, shared);
        awaitReadiness(b);
        ConfigurableApplicationContext a = instances.startUnreachable(warmUp, shared);
        awaitReadiness(a);
        assertThat(obtainedNames(a)).as("A found the warm-up certificate that B stored").isEmpty();

        List<String> names = IntStream.rangeClosed(1, 5).mapToObj(i -> "n" + i + ".pair.cluster.example").toList();
        long ordersBefore = pebble.countLogLines("Added order");
        CyclicBarrier sameMoment = new CyclicBarrier(2);
        // Two threads of our own: the common pool may have a single worker on a 2-core machine, and then the two
        // tasks meeting at the barrier would wait for each other.
        ExecutorService askers = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Void> managedByA = CompletableFuture
                    .supplyAsync(() -> manageAt(sameMoment, a, names), askers).thenCompose(future -> future);
            CompletableFuture<Void> managedByB = CompletableFuture
                    .supplyAsync(() -> manageAt(sameMoment, b, names), askers).thenCompose(future -> future);
            CompletableFuture.allOf(managedByA, managedByB).get(ISSUANCE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            askers.shutdownNow();
        }

        assertThat(pebble.countLogLines("Added order") - ordersBefore).as("orders that reached Pebble")
                .isEqualTo(names.size());
        List<String> obtained = new ArrayList<>(obtainedNames(a));
        obtained.addAll(obtainedNames(b));
        obtained.remove(warmUp);
        assertThat(obtained).as("each name obtained by exactly one instance")
                .containsExactlyInAnyOrderElementsOf(names);
        System.out.printf("cluster-pair: A obtained %s, B obtained %s%n", obtainedNames(a), obtainedNames(b));

        TlsClient client = new TlsClient(pebble.issuingRoots());
        for (String name : names) {
            X509Certificate fromA = client.leafFor(httpsPort(a), name);
            X509Certificate fromB = client.leafFor(httpsPort(b), name);
            assertThat(dnsNames(fromA)).containsExactly(name);
            assertThat(fromA.getSerialNumber()).as("serial of %s on A and on B", name)
                    .isEqualTo(fromB.getSerialNumber());
        }

        String startedByA = "started-by-a.pair.cluster.example";
        a.getBean(CertificateManager.class).manageAsync(List.of(startedByA))
                .get(ISSUANCE_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(obtainedNames(a)).as("A ordered it, although Pebble validates HTTP-01 only on B's port")
                .contains(startedByA);
        assertThat(obtainedNames(b)).doesNotContain(startedByA);
        assertThat(dnsNames(client.leafFor(httpsPort(a), startedByA))).containsExactly(startedByA);
    }

    @Test
    void cachedNamesKeepHandshakingOnBothInstancesWhilePostgresIsUnreachable() throws Exception {
        List<String> names = List.of("one.outage.cluster.example", "two.outage.cluster.example");
        try (ToggleProxy proxy = new ToggleProxy(database.port())) {
            proxy.start();
            String viaProxy = "certmagic.storage.jdbc.url=" + database.urlThroughPort(proxy.port());
            ConfigurableApplicationContext b = instances.startReachable(String.join(",", names), null, viaProxy);
            awaitReadiness(b);
            ConfigurableApplicationContext a = instances.startUnreachable(String.join(",", names), null, viaProxy);
            awaitReadiness(a);
            TlsClient client = new TlsClient(pebble.issuingRoots());
            List<Integer> ports = List.of(httpsPort(a), httpsPort(b));
            List<BigInteger> before = serials(client, ports, names);
            Storage storage = a.getBean(CertificateManager.class).view().storage();

            proxy.stop();
            assertThatThrownBy(() -> storage.exists("certificates/probe")).as("the database is gone")
                    .isInstanceOf(IOException.class);
            int handshakes = 0;
            List<String> failures = new ArrayList<>();
            long end = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < end) {
                for (int port : ports) {
                    for (String name : names) {
                        try {
                            client.leafFor(port, name);
                            handshakes++;
                        } catch (Exception e) {
                            failures.add(name + " on " + port + ": " + e);
                        }
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // pace the clients, spare the CPU
            }
            System.out.printf("cluster-outage: %d handshakes, %d failed, during a %d s database outage%n",
                    handshakes, failures.size(), OUTAGE.toSeconds());
            assertThat(failures).as("failed handshakes while PostgreSQL was unreachable").isEmpty();
            assertThat(handshakes).isGreaterThan(100);

            proxy.start();
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(storage.exists("certificates/probe")).isFalse());
            assertThat(serials(client, ports, names)).as("same certificates after the outage").isEqualTo(before);
        }
    }

    private static CompletableFuture<Void> manageAt(CyclicBarrier sameMoment, ConfigurableApplicationContext context,
            List<String> names) {
        try {
            sameMoment.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other instance never got ready", e);
        }
        return context.getBean(CertificateManager.class).manageAsync(names);
    }

    private static List<BigInteger> serials(TlsClient client, List<Integer> ports, List<String> names)
            throws Exception {
        List<BigInteger> serials = new ArrayList<>();
        for (String name : names) {
            for (int port : ports) {
                serials.add(client.leafFor(port, name).getSerialNumber());
            }
            assertThat(serials.get(serials.size() - 1)).as("serial of %s on A and on B", name)
                    .isEqualTo(serials.get(serials.size() - 2));
        }
        return serials;
    }
}
