package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageContractTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Storage} contract plus what is particular to {@link JdbcStorage}, run on every database that has a
 * subclass: {@code LIKE} wildcards in keys, fencing tokens, expiry and heartbeats of locks, and a database that
 * goes away and comes back.
 */
abstract class JdbcStorageTest extends StorageContractTest {

    private final List<Storage> closeAfterTest = new ArrayList<>();

    /** Lock timing for the expiry tests: short, with heartbeats well inside the expiry. */
    static final Duration EXPIRY = Duration.ofMillis(1500);
    static final Duration HEARTBEAT = Duration.ofMillis(250);
    /** Scheduling slack on a loaded two-core machine. */
    static final Duration MARGIN = Duration.ofSeconds(3);

    /**
     * Returns the database of the test class (set up in its {@code @BeforeAll}).
     *
     * @return the database
     */
    abstract TestDatabase database();

    @Override
    protected Storage createStorage() throws Exception {
        database().clear();
        return database().builder(database().dataSource()).build();
    }

    @Override
    protected Storage createPeerStorage() {
        return database().builder(database().dataSource()).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Storage shortLived(DataSource source) throws Exception {
        storage(); // clears the tables first
        return track(database().builder(source).lockExpiry(EXPIRY).heartbeatInterval(HEARTBEAT).build());
    }

    @Test
    void listAndDeleteTreatPercentUnderscoreAndBangInKeysLiterally() throws Exception {
        storage().store("w/a%b/x", bytes("1"));
        storage().store("w/a_b/y", bytes("2"));
        storage().store("w/aXb/z", bytes("3"));
        storage().store("w/a!b/v", bytes("4"));
        storage().store("w/a%bc/u", bytes("5"));

        assertThat(storage().list("w/a%b", false)).containsExactly("w/a%b/x");
        assertThat(storage().list("w/a_b", true)).containsExactly("w/a_b/y");
        assertThat(storage().list("w/a!b", false)).containsExactly("w/a!b/v");
        assertThat(storage().exists("w/a_b")).isTrue();
        assertThat(storage().exists("w/a%")).isFalse();
        assertThatThrownBy(() -> storage().list("w/a_", false)).isInstanceOf(KeyNotFoundException.class);

        storage().delete("w/a_b");
        storage().delete("w/a%b");

        assertThat(storage().list("w", false)).containsExactlyInAnyOrder("w/aXb", "w/a!b", "w/a%bc");
    }

    @Test
    void valuesLandInTheConfiguredTable() throws Exception {
        storage().store("t/one", bytes("1"));
        storage().store("t/two", bytes("2"));
        storage().store("t/one", bytes("again"));

        assertThat(database().count(database().valuesTable())).isEqualTo(2);
    }

    @Test
    void fencingTokenGrowsWithEveryAcquisitionByAnyOwner() throws Exception {
        Storage peer = peer();
        JdbcStorage first = (JdbcStorage) storage();
        JdbcStorage second = (JdbcStorage) peer;

        first.lock("fenced");
        long one = first.fencingToken("fenced").orElseThrow();
        first.unlock("fenced");
        assertThat(first.fencingToken("fenced")).isEmpty();
        second.lock("fenced");
        long two = second.fencingToken("fenced").orElseThrow();
        second.unlock("fenced");
        first.lock("fenced");
        long three = first.fencingToken("fenced").orElseThrow();

        assertThat(two).isGreaterThan(one);
        assertThat(three).isGreaterThan(two);
        assertThat(second.fencingToken("fenced")).isEmpty();
    }

    @Test
    void aWriteUnderALockThatWasLostAndTakenOverStoresNothingAndKeepsTheSuccessorsValue() throws Exception {
        JdbcStorage stalled = (JdbcStorage) storage();
        JdbcStorage successor = (JdbcStorage) peer();
        stalled.lock("issue_cert_fenced.example");
        stalled.storeIfLockHeld("issue_cert_fenced.example", "site/fenced.crt", bytes("first generation"));
        // The holder stalls past its expiry (its heartbeat did not reach the database): the lock expires.
        database().execute("UPDATE " + database().locksTable() + " SET expires_at = 0");
        successor.lock("issue_cert_fenced.example");
        successor.storeIfLockHeld("issue_cert_fenced.example", "site/fenced.crt", bytes("newer generation"));

        assertThatThrownBy(() -> stalled.storeIfLockHeld("issue_cert_fenced.example", "site/fenced.crt",
                bytes("stale generation"))).isInstanceOf(IOException.class).hasMessageContaining("no longer held");

        assertThat(successor.load("site/fenced.crt")).asString(StandardCharsets.UTF_8).isEqualTo("newer generation");
        assertThatThrownBy(() -> successor.storeIfLockHeld("issue_cert_other.example", "site/other.crt",
                bytes("x"))).isInstanceOf(IOException.class).hasMessageContaining("does not hold");
        assertThat(successor.exists("site/other.crt")).isFalse();
    }

    @Test
    void heartbeatKeepsALockFarBeyondItsExpiry() throws Exception {
        Storage holder = shortLived(database().dataSource());
        Storage contender = shortLived(database().dataSource());
        holder.lock("kept");

        assertThat(contender.tryLock("kept", EXPIRY.multipliedBy(3)))
                .as("the holder's heartbeat extends its lock").isFalse();
    }

    @Test
    void lockOfAHolderCutOffFromTheDatabaseIsTakenOverAfterExpiryAndNeverComesBack() throws Exception {
        TestDatabase.Switchable holderSource = new TestDatabase.Switchable(database().dataSource(),
                database().unreachable());
        JdbcStorage holder = (JdbcStorage) shortLived(holderSource);
        JdbcStorage contender = (JdbcStorage) shortLived(database().dataSource());
        holder.lock("outage");
        long holderToken = holder.fencingToken("outage").orElseThrow();

        holderSource.cut();
        long cut = System.nanoTime();
        boolean acquired = contender.tryLock("outage", Duration.ofSeconds(20));
        Duration takeover = Duration.ofNanos(System.nanoTime() - cut);
        holderSource.restore();

        assertThat(acquired).isTrue();
        assertThat(takeover).as("taken only once expired").isGreaterThanOrEqualTo(EXPIRY.minus(HEARTBEAT));
        assertThat(takeover).isLessThanOrEqualTo(EXPIRY.plus(MARGIN));
        assertThat(contender.fencingToken("outage")).hasValue(holderToken + 1);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(holder.fencingToken("outage"))
                .as("the holder's heartbeat notices the loss after recovery").isEmpty());
        holder.unlock("outage");
        assertThat(holder.tryLock("outage", Duration.ofMillis(300)))
                .as("the recovered holder neither removed nor stole the new holder's lock").isFalse();
    }

    @Test
    void unlockByAHolderThatLostItsLockUnnoticedNeverRemovesTheNewHoldersLock() throws Exception {
        TestDatabase.Switchable holderSource = new TestDatabase.Switchable(database().dataSource(),
                database().unreachable());
        JdbcStorage holder = (JdbcStorage) shortLived(holderSource);
        JdbcStorage contender = (JdbcStorage) shortLived(database().dataSource());
        holder.lock("stalled");
        holderSource.cutHeartbeats();
        assertThat(contender.tryLock("stalled", Duration.ofSeconds(20))).isTrue();
        assertThat(holder.fencingToken("stalled")).as("the holder has not noticed yet").isPresent();

        holder.unlock("stalled");

        Storage third = shortLived(database().dataSource());
        assertThat(third.tryLock("stalled", Duration.ZERO)).as("the new holder still holds the lock").isFalse();
        assertThat(contender.fencingToken("stalled")).isPresent();
    }

    @Test
    void operationsFailWithAClearIOExceptionWhileTheDatabaseIsUnreachableAndWorkAfterwards() throws Exception {
        TestDatabase.Switchable source = new TestDatabase.Switchable(database().dataSource(),
                database().unreachable());
        Storage storage = shortLived(source);
        Storage peer = shortLived(database().dataSource());
        storage.store("o/kept", bytes("before"));
        storage.lock("held-during-outage");

        source.cut();

        assertThatThrownBy(() -> storage.store("o/new", bytes("x"))).isInstanceOf(IOException.class)
                .isNotInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining("JdbcStorage could not store key 'o/new'").hasMessageContaining("SQLState");
        assertThatThrownBy(() -> storage.load("o/kept")).isInstanceOf(IOException.class)
                .isNotInstanceOf(KeyNotFoundException.class).hasMessageContaining("load key 'o/kept'");
        assertThatThrownBy(() -> storage.exists("o/kept")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> storage.list("o", true)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> storage.tryLock("other", Duration.ZERO)).isInstanceOf(IOException.class)
                .hasMessageContaining("take lock 'other'");
        assertThatThrownBy(() -> storage.unlock("held-during-outage")).isInstanceOf(IOException.class)
                .hasMessageContaining("expires on its own");

        source.restore();

        assertThat(storage.load("o/kept")).isEqualTo(bytes("before"));
        storage.store("o/new", bytes("after"));
        assertThat(peer.load("o/new")).isEqualTo(bytes("after"));
        assertThat(peer.tryLock("held-during-outage", EXPIRY.plus(MARGIN)))
                .as("the lock whose release failed expired instead of leaking").isTrue();
        assertThat(storage.tryLock("other", Duration.ZERO)).isTrue();
    }

    @Test
    void storageOnAnUnreachableDatabaseFailsFastInsteadOfHanging() throws Exception {
        try (JdbcStorage storage = database().builder(database().unreachable()).build()) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> storage.load("a")).isInstanceOf(IOException.class)
                    .isNotInstanceOf(KeyNotFoundException.class).hasMessageContaining("JdbcStorage could not");
            assertThatThrownBy(() -> storage.lock("a")).isInstanceOf(IOException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void missingTablesWithoutSchemaInitializationFailWithAMessageThatSaysWhatToDo() throws Exception {
        try (JdbcStorage storage = JdbcStorage.builder(database().dataSource()).tables("cm_absent_values",
                "cm_absent_locks").initializeSchema(false).build()) {

            assertThatThrownBy(() -> storage.store("a", bytes("x"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("schema-<dialect>.sql").hasMessageContaining("SQLState 42");
        }
    }

    @Test
    void lockNamesAndKeysAreBoundNotSpliced() throws Exception {
        String hostile = "x'); DROP TABLE " + database().valuesTable() + "; --";
        storage().store("q/" + hostile, bytes("v"));
        storage().lock(hostile);

        assertThat(storage().load("q/" + hostile)).isEqualTo(bytes("v"));
        assertThat(peer().tryLock(hostile, Duration.ZERO)).isFalse();
        assertThat(database().count(database().valuesTable())).isEqualTo(1);
    }

    /** Closes a test's extra storages after it, like the contract's own. */
    private Storage track(Storage s) {
        closeAfterTest.add(s);
        return s;
    }

    @AfterEach
    void closeExtraStorages() throws Exception {
        for (Storage s : closeAfterTest) {
            s.close();
        }
        closeAfterTest.clear();
    }
}
