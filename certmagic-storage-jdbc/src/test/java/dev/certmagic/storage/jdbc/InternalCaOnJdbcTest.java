package dev.certmagic.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.certmagic.issuance.InternalIssuer;

/**
 * The local CA on a database shared by a cluster: instances that start together (each with its own storage
 * object, so its own lock owner, as separate JVMs) make one root between them, under the storage lock
 * {@code pki_local}, and each later instance signs with that root.
 */
class InternalCaOnJdbcTest {

    @Test
    void instancesStartingTogetherOnH2MakeOneRoot() throws Exception {
        TestDatabase database = TestDatabase.h2();
        try {
            assertOneRoot(database);
        } finally {
            database.drop();
        }
    }

    @Test
    void instancesStartingTogetherOnPostgresMakeOneRoot() throws Exception {
        TestDatabase database = TestDatabase.postgres();
        database.assumeAvailable();
        try {
            assertOneRoot(database);
        } finally {
            database.drop();
        }
    }

    private static void assertOneRoot(TestDatabase database) throws Exception {
        int instances = 4;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<JdbcStorage> storages = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<X509Certificate>> roots = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                JdbcStorage storage = database.builder(database.dataSource()).build();
                storages.add(storage);
                InternalIssuer issuer = new InternalIssuer(storage, InternalIssuer.DEFAULT_LIFETIME, null,
                        Clock.systemUTC());
                roots.add(pool.submit(() -> {
                    start.await();
                    return issuer.rootCertificate();
                }));
            }
            start.countDown();
            X509Certificate root = roots.get(0).get();
            for (Future<X509Certificate> other : roots) {
                assertThat(other.get()).isEqualTo(root);
            }
            JdbcStorage later = database.builder(database.dataSource()).build();
            storages.add(later);
            assertThat(new InternalIssuer(later, InternalIssuer.DEFAULT_LIFETIME, null, Clock.systemUTC())
                    .rootCertificate()).as("a later instance finds it").isEqualTo(root);
        } finally {
            pool.shutdownNow();
            for (JdbcStorage storage : storages) {
                storage.close();
            }
        }
    }
}
