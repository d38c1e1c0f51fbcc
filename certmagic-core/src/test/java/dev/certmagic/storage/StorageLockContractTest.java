package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Locker} half of the {@link Storage} contract, and the hooks that create storages. Implementations
 * extend {@link StorageContractTest}, which adds the value tests; this class only keeps each file to one
 * concern.
 *
 * <p>Lock tests need a second instance that shares the first one's backing store (another process would do the
 * same): {@link #createPeerStorage()}. Every storage created through these hooks is closed after each test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StorageLockContractTest {

    private final List<Storage> created = new ArrayList<>();
    private Storage storage;

    /**
     * Creates a new, empty storage for one test. Called once per test, before {@link #createPeerStorage()}.
     *
     * @return the storage under test
     * @throws Exception if it cannot be created
     */
    protected abstract Storage createStorage() throws Exception;

    /**
     * Creates another instance (another lock owner) that sees the same keys as the last one returned by
     * {@link #createStorage()}, as a second process would.
     *
     * @return the peer
     * @throws Exception if it cannot be created
     */
    protected abstract Storage createPeerStorage() throws Exception;

    /**
     * Returns the storage under test, creating it on first use.
     *
     * @return the storage
     * @throws Exception if it cannot be created
     */
    protected final Storage storage() throws Exception {
        if (storage == null) {
            storage = track(createStorage());
        }
        return storage;
    }

    /**
     * Returns a new peer of {@link #storage()}, closed after the test.
     *
     * @return the peer
     * @throws Exception if it cannot be created
     */
    protected final Storage peer() throws Exception {
        storage();
        return track(createPeerStorage());
    }

    @AfterEach
    void closeStorages() throws Exception {
        for (Storage s : created) {
            s.close();
        }
        created.clear();
        storage = null;
    }

    private Storage track(Storage s) {
        created.add(s);
        return s;
    }

    @Test
    void lockExcludesOtherOwnersAndThreadsUntilUnlocked() throws Exception {
        Storage peer = peer();
        int threadsPerInstance = 2;
        int rounds = 15;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerInstance);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * threadsPerInstance; t++) {
                Storage owner = t % 2 == 0 ? storage() : peer;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        owner.lock("contended");
                        try {
                            int now = inside.incrementAndGet();
                            maxInside.accumulateAndGet(now, Math::max);
                            entries.incrementAndGet();
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        } finally {
                            owner.unlock("contended");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(maxInside.get()).isEqualTo(1);
        assertThat(entries.get()).isEqualTo(2 * threadsPerInstance * rounds);
    }

    @Test
    void tryLockGivesUpAfterItsTimeoutWhileAnotherOwnerHoldsTheLock() throws Exception {
        storage().lock("busy");
        Storage peer = peer();

        long start = System.nanoTime();
        boolean acquired = peer.tryLock("busy", Duration.ofMillis(300));
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(acquired).isFalse();
        assertThat(waitedMillis).isGreaterThanOrEqualTo(300);
        assertThat(peer.tryLock("busy", Duration.ZERO)).isFalse();
    }

    @Test
    void tryLockSucceedsOnceTheHolderUnlocks() throws Exception {
        storage().lock("handover");
        Storage peer = peer();
        assertThat(peer.tryLock("handover", Duration.ZERO)).isFalse();

        storage().unlock("handover");

        assertThat(peer.tryLock("handover", Duration.ofSeconds(10))).isTrue();
        assertThat(storage().tryLock("handover", Duration.ZERO)).isFalse();
    }

    @Test
    void unlockDoesNotRemoveAnotherOwnersLock() throws Exception {
        storage().lock("mine");
        Storage peer = peer();

        peer.unlock("mine");

        assertThat(peer.tryLock("mine", Duration.ZERO)).isFalse();
        storage().unlock("mine");
        assertThat(peer.tryLock("mine", Duration.ZERO)).isTrue();
    }

    @Test
    void differentLockNamesDoNotExcludeEachOther() throws Exception {
        storage().lock("one");
        Storage peer = peer();

        assertThat(peer.tryLock("two", Duration.ZERO)).isTrue();
        assertThat(peer.tryLock("one", Duration.ZERO)).isFalse();
    }

    @Test
    void closeReleasesEveryLockOfThatInstance() throws Exception {
        Storage first = storage();
        first.lock("a");
        first.lock("b");
        Storage peer = peer();
        assertThat(peer.tryLock("a", Duration.ZERO)).isFalse();

        first.close();

        assertThat(peer.tryLock("a", Duration.ZERO)).isTrue();
        assertThat(peer.tryLock("b", Duration.ZERO)).isTrue();
    }

    @Test
    void interruptCancelsAWaitingLockAndLeavesTheLockUnheld() throws Exception {
        storage().lock("held");
        Storage peer = peer();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            started.countDown();
            try {
                peer.lock("held");
                outcome.set(new AssertionError("lock() returned although another owner holds the lock"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        waiter.start();
        started.await();

        waiter.interrupt();
        waiter.join(10_000);

        assertThat(waiter.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        storage().unlock("held");
        assertThat(storage().tryLock("held", Duration.ZERO))
                .as("the cancelled lock() must not have left a lock behind").isTrue();
    }

    @Test
    void lockIsNotReentrantForTheSameOwner() throws Exception {
        storage().lock("once");

        assertThat(storage().tryLock("once", Duration.ofMillis(50))).isFalse();
    }
}
