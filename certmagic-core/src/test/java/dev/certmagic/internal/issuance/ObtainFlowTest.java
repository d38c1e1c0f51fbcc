package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuancePolicy;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.issuance.LocalCaIssuer;
import dev.certmagic.issuance.MemoryStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.MutableClock;

/**
 * The flow's promises that do not depend on ACME, with a real in-process CA: look again after the lock, key
 * handling, failure bookkeeping, listener isolation.
 */
class ObtainFlowTest {

    private final MemoryStorage.Shared shared = new MemoryStorage.Shared();
    private final LocalCaIssuer ca = new LocalCaIssuer();

    @Test
    void aCertificateStoredByAPeerWhileWaitingForTheLockIsUsedWithoutANewOrder() throws Exception {
        MemoryStorage mine = new MemoryStorage(shared);
        MemoryStorage peer = new MemoryStorage(shared);
        peer.lock(StorageKeys.issuanceLockName("peer.example.com"));

        CompletableFuture<StoredCertificate> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return flow(mine).obtain(List.of("peer.example.com"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> shared.locks.size() == 1
                && !waiting.isDone());
        // The peer finishes its issuance while holding the lock, then releases it.
        java.security.KeyPair peerKey = KeyType.EC256.generate();
        IssuedCertificate peers = ca.issue(new CertificateRequest(List.of("peer.example.com"),
                CsrFactory.create(List.of("peer.example.com"), peerKey, false)));
        new CertificateAssets(peer).store(List.of("peer.example.com"), peers.chain(), peerKey.getPrivate(),
                ca.issuerKey(), KeyType.EC256, java.time.Instant.now());
        int ordersSoFar = ca.orders.get();
        peer.unlock(StorageKeys.issuanceLockName("peer.example.com"));

        assertThat(waiting.get(5, TimeUnit.SECONDS).leaf()).isEqualTo(peers.leaf());
        assertThat(ca.orders.get()).isEqualTo(ordersSoFar).isEqualTo(1);
    }

    @Test
    void eachCertificateGetsANewKeyUnlessKeyReuseIsOn() throws Exception {
        MemoryStorage storage = new MemoryStorage(shared);
        ObtainFlow flow = flow(storage);
        StoredCertificate first = flow.obtain(List.of("keys.example.com"));
        StoredCertificate renewed = new RenewFlow(flow, Clock.systemUTC()).renew(first);
        assertThat(renewed.privateKey()).isNotEqualTo(first.privateKey());

        ObtainFlow reusing = new ObtainFlow(storage, ca, new IssuancePolicy(KeyType.EC256, true, false),
                new RetrySchedule(storage, Clock.systemUTC()), new CertificateEventDispatcher(), Clock.systemUTC());
        StoredCertificate reused = new RenewFlow(reusing, Clock.systemUTC()).renew(renewed);
        assertThat(reused.leaf().getSerialNumber()).isNotEqualTo(renewed.leaf().getSerialNumber());
        assertThat(reused.privateKey().getEncoded()).isEqualTo(renewed.privateKey().getEncoded());
    }

    @Test
    void aNonRetryableFailureIsReportedAtOnceAndDoesNotBlockTheNextAttempt() throws Exception {
        MemoryStorage storage = new MemoryStorage(shared);
        ca.failure = new IssuanceException("unauthorized", false, null, null);

        assertThatThrownBy(() -> flow(storage).obtain(List.of("denied.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(new RetrySchedule(storage, Clock.systemUTC()).lastFailure("denied.example.com")).isEmpty();
        assertThat(storage.keys()).isEmpty();
    }

    @Test
    void aRateLimitedFailureWaitsForTheCasRetryAfterAndBlocksEarlierAttempts() throws Exception {
        MemoryStorage storage = new MemoryStorage(shared);
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-02-01T00:00:00Z"));
        java.time.Instant caSays = clock.instant().plus(Duration.ofHours(5));
        ca.failure = new IssuanceException("rate limited", true, caSays, null);
        List<dev.certmagic.event.CertificateEvent> events = new java.util.ArrayList<>();
        CertificateEventDispatcher dispatcher = new CertificateEventDispatcher();
        dispatcher.addListener(events::add);
        ObtainFlow flow = new ObtainFlow(storage, ca, IssuancePolicy.DEFAULT, new RetrySchedule(storage, clock),
                dispatcher, clock);

        assertThatThrownBy(() -> flow.obtain(List.of("limited.example.com")))
                .isInstanceOfSatisfying(IssuanceException.class, e -> assertThat(e.retryAfter()).contains(caSays));
        assertThat(events).filteredOn(dev.certmagic.event.CertificateFailedEvent.class::isInstance)
                .singleElement().extracting(e -> ((dev.certmagic.event.CertificateFailedEvent) e).nextRetry())
                .isEqualTo(java.util.Optional.of(caSays));

        ca.failure = null;
        clock.advance(Duration.ofHours(4));
        assertThatThrownBy(() -> flow.obtain(List.of("limited.example.com"))).isInstanceOf(IssuanceException.class);
        assertThat(ca.orders.get()).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(flow.obtain(List.of("limited.example.com")).names()).containsExactly("limited.example.com");
        assertThat(ca.orders.get()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerDoesNotBreakIssuance() throws Exception {
        MemoryStorage storage = new MemoryStorage(shared);
        CertificateEventDispatcher events = new CertificateEventDispatcher();
        events.addListener(event -> {
            throw new IllegalStateException("broken listener");
        });
        ObtainFlow flow = new ObtainFlow(storage, ca, IssuancePolicy.DEFAULT,
                new RetrySchedule(storage, Clock.systemUTC()), events, Clock.systemUTC());

        assertThat(flow.obtain(List.of("listener.example.com")).names()).containsExactly("listener.example.com");
        assertThat(flow.stored("listener.example.com")).isPresent();
    }

    @Test
    void namesAreNormalizedAndDeduplicatedWithThePrimaryFirst() {
        assertThat(ObtainFlow.normalize(List.of("WWW.Example.COM.", "example.com", "www.example.com")))
                .containsExactly("www.example.com", "example.com");
    }

    @Test
    void theIssuerIsPreparedBeforeAnOrderAndNotForAStoredCertificate() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Issuer recording = new Issuer() {
            @Override
            public String issuerKey() {
                return ca.issuerKey();
            }

            @Override
            public void prepare() {
                calls.add("prepare");
            }

            @Override
            public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
                calls.add("issue");
                return ca.issue(request);
            }
        };
        MemoryStorage storage = new MemoryStorage(shared);
        ObtainFlow flow = new ObtainFlow(storage, recording, IssuancePolicy.DEFAULT,
                new RetrySchedule(storage, Clock.systemUTC()), new CertificateEventDispatcher(), Clock.systemUTC());

        flow.obtain(List.of("prepared.example.com"));
        flow.obtain(List.of("prepared.example.com"));

        assertThat(calls).containsExactly("prepare", "issue");
    }

    private ObtainFlow flow(MemoryStorage storage) {
        return new ObtainFlow(storage, ca, IssuancePolicy.DEFAULT, new RetrySchedule(storage, Clock.systemUTC()),
                new CertificateEventDispatcher(), Clock.systemUTC());
    }
}
