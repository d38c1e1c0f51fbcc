package dev.certmagic.internal.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.RenewalPolicy;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

class MaintainerTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Maintenance Root").build();
    private static final KeyPair KEY = TestKeys.ec();
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration INTERVAL = Maintainer.DEFAULT_CHECK_INTERVAL;

    private final MutableClock clock = new MutableClock(T0);
    private final CertificateCache cache = new CertificateCache(clock);
    private final RenewalPolicy policy = new RenewalPolicy(RenewalPolicy.DEFAULT_WINDOW_RATIO, 1L);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> renewed = new CopyOnWriteArrayList<>();

    /** A 90-day certificate issued {@code ageDays} days before T0 (due after 60 days). */
    private static ManagedCertificate issued(int ageDays, boolean managed, String name) {
        Instant notBefore = T0.minus(Duration.ofDays(ageDays));
        List<X509Certificate> chain = TestManagedCertificates.chain(CA, KEY, notBefore,
                notBefore.plus(Duration.ofDays(90)), name);
        return ManagedCertificate.of(chain, KEY.getPrivate(), managed, managed ? "ca" : null);
    }

    /** Renews like the ACME flow will: a fresh 90-day certificate swapped into the cache. */
    private final Renewer swappingRenewer = certificate -> {
        renewed.add(certificate.names().get(0));
        cache.replace(certificate, issued(0, true, certificate.names().get(0)));
    };

    private Maintainer maintainer(Renewer renewer, PeerReloader reloader) {
        return new Maintainer(cache, policy, renewer, reloader, scheduler, clock, INTERVAL);
    }

    @Test
    void renewsOnlyDueManagedCertificatesAtEachCheckInterval() {
        ManagedCertificate due = issued(61, true, "due.example");
        ManagedCertificate fresh = issued(10, true, "fresh.example");
        ManagedCertificate unmanagedExpired = issued(120, false, "user.example");
        cache.add(due);
        cache.add(fresh);
        cache.add(unmanagedExpired);
        Maintainer maintainer = maintainer(swappingRenewer, PeerReloader.NONE);

        maintainer.start();
        assertThat(scheduler.runDue()).as("nothing runs before one interval").isZero();
        assertThat(renewed).isEmpty();

        clock.advance(INTERVAL);
        assertThat(scheduler.runDue()).isEqualTo(1);

        assertThat(renewed).containsExactly("due.example");
        assertThat(cache.select("due.example", KeyAlgorithm.EC).notBefore()).isEqualTo(T0);
        assertThat(cache.select("fresh.example", KeyAlgorithm.EC)).isSameAs(fresh);
        assertThat(cache.select("user.example", KeyAlgorithm.EC)).isSameAs(unmanagedExpired);
    }

    @Test
    void theDelayShrinksToShortLifetimesAndToTheNextRenewalTime() {
        Maintainer maintainer = maintainer(swappingRenewer, PeerReloader.NONE);
        assertThat(maintainer.nextDelay(T0)).as("nothing cached: the interval").isEqualTo(INTERVAL);

        cache.add(issued(10, true, "fresh.example"));
        assertThat(maintainer.nextDelay(T0)).as("90-day certificates: the interval").isEqualTo(INTERVAL);

        // A 2-minute certificate issued 30 s ago: due at half life, in 30 s; a tenth of its life is 12 s.
        Instant notBefore = T0.minusSeconds(30);
        cache.add(ManagedCertificate.of(TestManagedCertificates.chain(CA, KEY, notBefore,
                notBefore.plus(Duration.ofMinutes(2)), "short.example"), KEY.getPrivate(), true, "ca"));
        assertThat(maintainer.nextDelay(T0)).isEqualTo(Duration.ofSeconds(12));
        assertThat(maintainer.nextDelay(T0.plusSeconds(25))).as("5 s before its renewal time")
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(maintainer.nextDelay(T0.plusSeconds(29).plusMillis(900))).as("never below the floor")
                .isEqualTo(Maintainer.MIN_DELAY);
    }

    @Test
    void certificateBecomesDueAsTheClockPassesItsRenewalTime() {
        ManagedCertificate certificate = issued(59, true, "soon.example");
        cache.add(certificate);
        Maintainer maintainer = maintainer(swappingRenewer, PeerReloader.NONE);

        assertThat(maintainer.check().renewed()).isZero();
        clock.set(policy.renewalTime(certificate));
        Maintainer.CheckResult result = maintainer.check();

        assertThat(result.renewed()).isEqualTo(1);
        assertThat(renewed).containsExactly("soon.example");
    }

    @Test
    void aFailingRenewalKeepsTheCertificateServingAndDoesNotStopTheOthers() {
        ManagedCertificate failing = issued(70, true, "failing.example");
        ManagedCertificate other = issued(70, true, "other.example");
        cache.add(failing);
        cache.add(other);
        List<String> attempts = new ArrayList<>();
        Renewer renewer = certificate -> {
            attempts.add(certificate.names().get(0));
            if (certificate.names().contains("failing.example")) {
                throw new IllegalStateException("CA unreachable");
            }
            swappingRenewer.renew(certificate);
        };
        Maintainer maintainer = maintainer(renewer, PeerReloader.NONE);

        Maintainer.CheckResult result = maintainer.check();

        assertThat(attempts).containsExactlyInAnyOrder("failing.example", "other.example");
        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.renewed()).isEqualTo(1);
        assertThat(cache.select("failing.example", KeyAlgorithm.EC)).isSameAs(failing);
        assertThat(cache.select("other.example", KeyAlgorithm.EC)).isNotSameAs(other);
    }

    @Test
    void aFailedRenewalIsRetriedAtTheNextCheckAndTheScheduleSurvivesRuntimeFailures() {
        ManagedCertificate certificate = issued(70, true, "retry.example");
        cache.add(certificate);
        List<Instant> attempts = new ArrayList<>();
        Renewer renewer = c -> {
            attempts.add(clock.instant());
            if (attempts.size() < 3) {
                throw new RuntimeException("rate limited");
            }
            swappingRenewer.renew(c);
        };
        Maintainer maintainer = maintainer(renewer, PeerReloader.NONE);
        maintainer.start();

        for (int i = 0; i < 4; i++) {
            clock.advance(INTERVAL);
            scheduler.runDue();
        }

        assertThat(attempts).containsExactly(T0.plus(INTERVAL), T0.plus(INTERVAL.multipliedBy(2)),
                T0.plus(INTERVAL.multipliedBy(3)));
        assertThat(cache.select("retry.example", KeyAlgorithm.EC).notBefore()).isEqualTo(T0);
        assertThat(maintainer.isRunning()).isTrue();
    }

    @Test
    void adoptsACertificateAPeerRenewedInSharedStorageInsteadOfRenewingIt() {
        ManagedCertificate old = issued(70, true, "shared.example");
        ManagedCertificate peers = issued(1, true, "shared.example");
        cache.add(old);
        PeerReloader reloader = cached -> cached.names().contains("shared.example") && cached != peers
                ? Optional.of(peers) : Optional.empty();
        Maintainer maintainer = maintainer(swappingRenewer, reloader);

        Maintainer.CheckResult result = maintainer.check();

        assertThat(result.reloaded()).isEqualTo(1);
        assertThat(renewed).as("the peer's certificate is not due").isEmpty();
        assertThat(cache.select("shared.example", KeyAlgorithm.EC)).isSameAs(peers);
        assertThat(cache.byAlias(old.alias())).as("old alias still resolvable in grace").isSameAs(old);
    }

    @Test
    void aFailingReloadKeepsServingAndStillProcessesTheOtherCertificates() {
        ManagedCertificate broken = issued(70, true, "broken.example");
        ManagedCertificate due = issued(70, true, "due.example");
        cache.add(broken);
        cache.add(due);
        PeerReloader reloader = cached -> {
            if (cached.names().contains("broken.example")) {
                throw new java.io.IOException("storage offline");
            }
            return Optional.empty();
        };
        Maintainer maintainer = maintainer(swappingRenewer, reloader);

        Maintainer.CheckResult result = maintainer.check();

        assertThat(result.failed()).isEqualTo(1);
        assertThat(renewed).containsExactly("due.example");
        assertThat(cache.select("broken.example", KeyAlgorithm.EC)).isSameAs(broken);
    }

    @Test
    void closeCancelsTheScheduleButLeavesTheExecutorToItsOwner() {
        cache.add(issued(70, true, "closed.example"));
        Maintainer maintainer = maintainer(swappingRenewer, PeerReloader.NONE);
        maintainer.start();
        maintainer.start();
        assertThat(scheduler.activeTasks()).as("starting twice schedules once").isEqualTo(1);

        maintainer.close();
        clock.advance(INTERVAL.multipliedBy(3));

        assertThat(scheduler.runDue()).isZero();
        assertThat(renewed).isEmpty();
        assertThat(maintainer.isRunning()).isFalse();
        assertThat(scheduler.isShutdown()).isFalse();
    }

    @Test
    void constructingAMaintainerSchedulesNothing() {
        maintainer(swappingRenewer, PeerReloader.NONE);

        assertThat(scheduler.activeTasks()).isZero();
    }
}
