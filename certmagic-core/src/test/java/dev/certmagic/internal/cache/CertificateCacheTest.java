package dev.certmagic.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

class CertificateCacheTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Cache Root").build();
    private static final KeyPair EC = TestKeys.ec();
    private static final KeyPair RSA = TestKeys.rsa();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final CertificateCache cache = new CertificateCache(clock);

    private static ManagedCertificate ec(String... names) {
        return TestManagedCertificates.issue(CA, EC, true, names);
    }

    @Test
    void findsByExactNameThenByWildcardOneLabelUp() {
        ManagedCertificate exact = ec("www.example.com");
        ManagedCertificate wildcard = ec("*.example.com");
        cache.add(exact);
        cache.add(wildcard);

        assertThat(cache.select("www.example.com", KeyAlgorithm.EC)).isSameAs(exact);
        assertThat(cache.select("api.example.com", KeyAlgorithm.EC)).isSameAs(wildcard);
        assertThat(cache.select("a.b.example.com", KeyAlgorithm.EC)).isNull();
        assertThat(cache.select("example.com", KeyAlgorithm.EC)).isNull();
        assertThat(cache.select("www.example.com", KeyAlgorithm.RSA)).isNull();
    }

    @Test
    void holdsAnEcdsaAndAnRsaCertificateForOneName() {
        ManagedCertificate ecCertificate = ec("dual.example");
        ManagedCertificate rsaCertificate = TestManagedCertificates.issue(CA, RSA, true, "dual.example");
        cache.add(ecCertificate);
        cache.add(rsaCertificate);

        assertThat(cache.select("dual.example", KeyAlgorithm.EC)).isSameAs(ecCertificate);
        assertThat(cache.select("dual.example", KeyAlgorithm.RSA)).isSameAs(rsaCertificate);
        assertThat(cache.forName("dual.example")).containsExactlyInAnyOrder(ecCertificate, rsaCertificate);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void defaultServerNameAnswersClientsWithoutSni() {
        ManagedCertificate fallback = ec("default.example");
        cache.add(fallback);

        assertThat(cache.selectDefault(KeyAlgorithm.EC)).isNull();
        cache.setDefaultServerName("Default.Example.");
        assertThat(cache.defaultServerName()).isEqualTo("default.example");
        assertThat(cache.selectDefault(KeyAlgorithm.EC)).isSameAs(fallback);
    }

    @Test
    void replaceSwapsEveryNameAndKeepsTheOldAliasResolvableForTheGracePeriod() {
        ManagedCertificate old = ec("swap.example", "www.swap.example");
        ManagedCertificate renewed = ec("swap.example", "www.swap.example");
        cache.add(old);

        cache.replace(old, renewed);

        assertThat(cache.select("swap.example", KeyAlgorithm.EC)).isSameAs(renewed);
        assertThat(cache.select("www.swap.example", KeyAlgorithm.EC)).isSameAs(renewed);
        assertThat(cache.all()).containsExactly(renewed);
        assertThat(cache.byAlias(old.alias())).isSameAs(old);

        clock.advance(CertificateCache.DEFAULT_RETIRED_GRACE.plusSeconds(1));
        cache.expireRetired(clock.instant());
        assertThat(cache.byAlias(old.alias())).isNull();
        assertThat(cache.byAlias(renewed.alias())).isSameAs(renewed);
    }

    @Test
    void addingANewCertificateForANameDisplacesTheOldOneOfTheSameKeyTypeOnly() {
        ManagedCertificate first = ec("a.example");
        ManagedCertificate rsa = TestManagedCertificates.issue(CA, RSA, false, "a.example");
        ManagedCertificate second = ec("a.example");
        cache.add(first);
        cache.add(rsa);

        cache.add(second);

        assertThat(cache.select("a.example", KeyAlgorithm.EC)).isSameAs(second);
        assertThat(cache.select("a.example", KeyAlgorithm.RSA)).isSameAs(rsa);
        assertThat(cache.all()).containsExactlyInAnyOrder(second, rsa);
    }

    @Test
    void aDisplacedCertificateStaysForNamesTheSuccessorDoesNotCover() {
        ManagedCertificate both = ec("a.example", "b.example");
        ManagedCertificate onlyA = ec("a.example");
        cache.add(both);

        cache.add(onlyA);

        assertThat(cache.select("a.example", KeyAlgorithm.EC)).isSameAs(onlyA);
        assertThat(cache.select("b.example", KeyAlgorithm.EC)).isSameAs(both);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aCopyWithTheSameHashReplacesInPlace() {
        ManagedCertificate original = ec("ocsp.example");
        cache.add(original);

        ManagedCertificate stapled = original.withOcspStaple(new byte[] {1});
        cache.add(stapled);

        assertThat(cache.select("ocsp.example", KeyAlgorithm.EC)).isSameAs(stapled);
        assertThat(cache.byAlias(original.alias())).isSameAs(stapled);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void removeUnindexesEveryName() {
        ManagedCertificate certificate = ec("gone.example", "*.gone.example");
        cache.add(certificate);

        assertThat(cache.remove(certificate)).isTrue();

        assertThat(cache.select("gone.example", KeyAlgorithm.EC)).isNull();
        assertThat(cache.select("x.gone.example", KeyAlgorithm.EC)).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.remove(certificate)).isFalse();
    }

    @Test
    void capacityEvictsTheOldestUnprotectedCertificates() {
        CertificateCache bounded = new CertificateCache(clock, 3, Duration.ofSeconds(30));
        bounded.setProtectedNames(List.of("configured.example", "www.wild.example"));
        bounded.setDefaultServerName("default.example");
        ManagedCertificate configured = ec("configured.example");
        ManagedCertificate wildcard = ec("*.wild.example");
        ManagedCertificate fallback = ec("default.example");
        ManagedCertificate onDemand1 = ec("od1.example");
        ManagedCertificate onDemand2 = ec("od2.example");
        ManagedCertificate onDemand3 = ec("od3.example");

        for (ManagedCertificate c : List.of(configured, onDemand1, wildcard, onDemand2, fallback, onDemand3)) {
            bounded.add(c);
        }

        assertThat(bounded.all()).containsExactlyInAnyOrder(configured, wildcard, fallback, onDemand3);
        assertThat(bounded.select("od1.example", KeyAlgorithm.EC)).isNull();
        assertThat(bounded.byAlias(onDemand1.alias())).as("evicted, still resolvable in grace").isSameAs(onDemand1);
    }

    @Test
    void capacityIsExceededRatherThanEvictingAProtectedCertificate() {
        CertificateCache bounded = new CertificateCache(clock, 1, Duration.ofSeconds(30));
        bounded.setProtectedNames(Set.of("p1.example", "p2.example"));

        bounded.add(ec("p1.example"));
        bounded.add(ec("p2.example"));

        assertThat(bounded.size()).isEqualTo(2);
        assertThat(bounded.select("p1.example", KeyAlgorithm.EC)).isNotNull();
        assertThat(bounded.select("p2.example", KeyAlgorithm.EC)).isNotNull();
    }

    @Test
    void managedListsOnlyCertificatesCertmagicRenews() {
        ManagedCertificate managed = ec("m.example");
        ManagedCertificate unmanaged = TestManagedCertificates.issue(CA, EC, false, "u.example");
        cache.add(managed);
        cache.add(unmanaged);

        assertThat(cache.managed()).containsExactly(managed);
    }

    @Test
    void readersNeverSeeANameWithoutACertificateWhileItIsSwapped() throws Exception {
        List<ManagedCertificate> generations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            generations.add(ec("hot.example"));
        }
        cache.add(generations.get(0));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    ManagedCertificate chosen = cache.select("hot.example", KeyAlgorithm.EC);
                    if (chosen == null || cache.byAlias(chosen.alias()) == null) {
                        misses.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            });
            reader.start();
            readers.add(reader);
        }
        ManagedCertificate current = generations.get(0);
        for (int round = 0; round < 20_000; round++) {
            ManagedCertificate next = generations.get(round % generations.size());
            if (next != current) {
                cache.replace(current, next);
                current = next;
            }
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }

        assertThat(reads.get()).isPositive();
        assertThat(misses.get()).isZero();
    }
}
