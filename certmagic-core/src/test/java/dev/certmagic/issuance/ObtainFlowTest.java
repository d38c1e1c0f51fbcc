package dev.certmagic.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.certmagic.event.CertificateEventDispatcher;
import dev.certmagic.storage.StorageKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

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

    private ObtainFlow flow(MemoryStorage storage) {
        return new ObtainFlow(storage, ca, IssuancePolicy.DEFAULT, new RetrySchedule(storage, Clock.systemUTC()),
                new CertificateEventDispatcher(), Clock.systemUTC());
    }
}
