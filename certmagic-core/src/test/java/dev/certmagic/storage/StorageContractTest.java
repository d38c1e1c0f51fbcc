package dev.certmagic.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Storage} contract, as tests that every implementation runs: extend this class, implement
 * {@link #createStorage()} and {@link #createPeerStorage()} to create fresh, empty storages, and the value tests
 * here and the lock tests of {@link StorageLockContractTest} run against them. Implementations outside this
 * module get it from the core's test-jar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StorageContractTest extends StorageLockContractTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ----- values -----

    @Test
    void storedValueLoadsBackByteForByte() throws Exception {
        byte[] value = new byte[70_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31 + 7);
        }
        storage().store("certificates/ca/example.com/example.com.crt", value);

        assertThat(storage().load("certificates/ca/example.com/example.com.crt")).isEqualTo(value);
    }

    @Test
    void emptyValueIsAValueNotAMissingKey() throws Exception {
        storage().store("a/empty", new byte[0]);

        assertThat(storage().load("a/empty")).isEmpty();
        assertThat(storage().exists("a/empty")).isTrue();
    }

    @Test
    void storeReplacesThePreviousValue() throws Exception {
        storage().store("k", bytes("a much longer first value"));
        storage().store("k", bytes("short"));

        assertThat(storage().load("k")).isEqualTo(bytes("short"));
    }

    @Test
    void storeDoesNotKeepTheCallersArray() throws Exception {
        byte[] value = bytes("original");
        storage().store("k", value);
        value[0] = 'X';

        assertThat(storage().load("k")).isEqualTo(bytes("original"));
    }

    @Test
    void storeIfLockHeldStoresWhileTheLockIsHeld() throws Exception {
        storage().lock("issue_cert_contract.example");
        try {
            storage().storeIfLockHeld("issue_cert_contract.example", "fenced/k", bytes("under the lock"));
        } finally {
            storage().unlock("issue_cert_contract.example");
        }

        assertThat(storage().load("fenced/k")).isEqualTo(bytes("under the lock"));
    }

    @Test
    void loadReturnsAFreshCopyEachTime() throws Exception {
        storage().store("k", bytes("value"));
        byte[] first = storage().load("k");
        first[0] = 'X';

        assertThat(storage().load("k")).isEqualTo(bytes("value"));
    }

    @Test
    void peerSeesWhatWasStored() throws Exception {
        storage().store("shared/key", bytes("from the first instance"));

        assertThat(peer().load("shared/key")).isEqualTo(bytes("from the first instance"));
    }

    // ----- not found -----

    @Test
    void loadOfAMissingKeyThrowsKeyNotFoundNamingTheKey() throws Exception {
        assertThatThrownBy(() -> storage().load("no/such/key"))
                .isInstanceOf(KeyNotFoundException.class)
                .satisfies(e -> assertThat(((KeyNotFoundException) e).key()).isEqualTo("no/such/key"));
    }

    @Test
    void loadOfANonTerminalKeyThrowsKeyNotFound() throws Exception {
        storage().store("dir/file", bytes("x"));

        assertThatThrownBy(() -> storage().load("dir")).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void statOfAMissingKeyThrowsKeyNotFound() throws Exception {
        assertThatThrownBy(() -> storage().stat("missing")).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void listOfAMissingPrefixThrowsKeyNotFound() throws Exception {
        storage().store("present/x", bytes("x"));

        assertThatThrownBy(() -> storage().list("absent", false)).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> storage().list("absent", true)).isInstanceOf(KeyNotFoundException.class);
    }

    // ----- delete -----

    @Test
    void deleteRemovesAValue() throws Exception {
        storage().store("a/b", bytes("x"));
        storage().store("a/c", bytes("y"));

        storage().delete("a/b");

        assertThat(storage().exists("a/b")).isFalse();
        assertThatThrownBy(() -> storage().load("a/b")).isInstanceOf(KeyNotFoundException.class);
        assertThat(storage().load("a/c")).isEqualTo(bytes("y"));
    }

    @Test
    void deleteOfAMissingKeyIsNotAnError() throws Exception {
        storage().delete("never/stored");
        storage().store("once", bytes("x"));
        storage().delete("once");
        storage().delete("once");

        assertThat(storage().exists("once")).isFalse();
    }

    @Test
    void deleteOfAPrefixRemovesEverythingBelowItAndNothingElse() throws Exception {
        storage().store("certificates/ca/a.com/a.com.crt", bytes("1"));
        storage().store("certificates/ca/a.com/a.com.key", bytes("2"));
        storage().store("certificates/ca/a.com/deeper/x", bytes("3"));
        storage().store("certificates/ca/a.community/a.community.crt", bytes("4"));

        storage().delete("certificates/ca/a.com");

        assertThat(storage().exists("certificates/ca/a.com")).isFalse();
        assertThat(storage().exists("certificates/ca/a.com/a.com.crt")).isFalse();
        assertThat(storage().exists("certificates/ca/a.com/deeper/x")).isFalse();
        assertThat(storage().load("certificates/ca/a.community/a.community.crt")).isEqualTo(bytes("4"));
        assertThat(storage().list("certificates", true))
                .containsExactlyInAnyOrder("certificates/ca", "certificates/ca/a.community",
                        "certificates/ca/a.community/a.community.crt");
    }

    @Test
    void deletingTheLastValueBelowAPrefixMakesThePrefixDisappear() throws Exception {
        storage().store("p/q/r", bytes("x"));

        storage().delete("p/q/r");

        assertThat(storage().exists("p/q")).isFalse();
        assertThat(storage().exists("p")).isFalse();
        assertThatThrownBy(() -> storage().stat("p")).isInstanceOf(KeyNotFoundException.class);
    }

    // ----- exists, stat -----

    @Test
    void existsIsTrueForTerminalAndNonTerminalKeysAndFalseOtherwise() throws Exception {
        storage().store("x/y/z", bytes("v"));
        storage().store("xx/q", bytes("w"));

        assertThat(storage().exists("x/y/z")).isTrue();
        assertThat(storage().exists("x/y")).isTrue();
        assertThat(storage().exists("x")).isTrue();
        assertThat(storage().exists("x/y/z/w")).isFalse();
        assertThat(storage().exists("x/y/zz")).isFalse();
        assertThat(storage().exists("x/y/z/w")).isFalse();
        assertThat(storage().exists("x/q")).as("a string prefix is not a key prefix").isFalse();
        assertThat(storage().exists("x")).isTrue();
        assertThat(storage().exists("xxx")).isFalse();
    }

    @Test
    void statOfATerminalKeyReportsSizeAndModificationTime() throws Exception {
        storage().store("s/value", bytes("12345"));

        KeyInfo info = storage().stat("s/value");

        assertThat(info.key()).isEqualTo("s/value");
        assertThat(info.terminal()).isTrue();
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.modified()).isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void statOfANonTerminalKeyReportsNoSize() throws Exception {
        storage().store("s/dir/value", bytes("12345"));

        KeyInfo info = storage().stat("s/dir");

        assertThat(info.key()).isEqualTo("s/dir");
        assertThat(info.terminal()).isFalse();
        assertThat(info.size()).isZero();
    }

    // ----- list -----

    @Test
    void nonRecursiveListReturnsDirectChildrenTerminalOrNot() throws Exception {
        storage().store("l/a", bytes("1"));
        storage().store("l/b/c", bytes("2"));
        storage().store("l/b/d/e", bytes("3"));
        storage().store("other/f", bytes("4"));

        assertThat(storage().list("l", false)).containsExactlyInAnyOrder("l/a", "l/b");
        assertThat(storage().list("l/b", false)).containsExactlyInAnyOrder("l/b/c", "l/b/d");
    }

    @Test
    void recursiveListReturnsEveryKeyBelowThePrefix() throws Exception {
        storage().store("l/a", bytes("1"));
        storage().store("l/b/c", bytes("2"));
        storage().store("l/b/d/e", bytes("3"));
        storage().store("other/f", bytes("4"));

        assertThat(storage().list("l", true))
                .containsExactlyInAnyOrder("l/a", "l/b", "l/b/c", "l/b/d", "l/b/d/e");
    }

    @Test
    void listOfTheEmptyPrefixStartsAtTheRoot() throws Exception {
        storage().store("one/two", bytes("1"));
        storage().store("three", bytes("3"));

        assertThat(storage().list("", false)).contains("one", "three").doesNotContain("one/two");
        assertThat(storage().list("", true)).contains("one", "one/two", "three");
    }

    // ----- concurrency -----

    @Test
    void concurrentStoresAndLoadsOfOneKeyNeverSeeAPartialValue() throws Exception {
        int variants = 8;
        List<byte[]> values = new ArrayList<>();
        for (int v = 0; v < variants; v++) {
            byte[] value = new byte[4_096 * (v + 1) + v];
            Arrays.fill(value, (byte) ('A' + v));
            values.add(value);
        }
        String key = "race/value";
        storage().store(key, values.get(0));
        Storage peer = peer();

        int writers = 4;
        int readers = 4;
        int storesPerWriter = 60;
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch readersStarted = new CountDownLatch(readers);
        CountDownLatch writersDone = new CountDownLatch(writers);
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<String> torn = new AtomicReference<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Storage target = w % 2 == 0 ? storage() : peer;
                int offset = w;
                futures.add(pool.submit(() -> {
                    try {
                        readersStarted.await();
                        for (int i = 0; i < storesPerWriter; i++) {
                            target.store(key, values.get((i + offset) % variants));
                        }
                    } finally {
                        writersDone.countDown();
                    }
                    return null;
                }));
            }
            for (int r = 0; r < readers; r++) {
                Storage source = r % 2 == 0 ? storage() : peer;
                futures.add(pool.submit(() -> {
                    readersStarted.countDown();
                    do {
                        byte[] loaded = source.load(key);
                        loads.incrementAndGet();
                        if (values.stream().noneMatch(v -> Arrays.equals(v, loaded))) {
                            torn.compareAndSet(null, "load returned " + loaded.length + " bytes matching no value");
                        }
                    } while (writersDone.getCount() > 0);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(torn.get()).isNull();
        assertThat(loads.get()).isGreaterThan(readers);
    }
}
