package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.WithPebble;

/**
 * A restart on Tomcat with certificates in storage whose background load is held (a {@link Storage} bean that
 * holds the reads of the core's loader threads): the application starts anyway, Tomcat serves a stored name on
 * the first handshake that asks for it, readiness refuses traffic until every name is loaded, and Pebble sees no
 * order.
 */
@WithPebble
class StoredCertificatesTomcatPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @TempDir
    Path scratch;

    @Test
    void tomcatServesAStoredNameOnTheFirstHandshakeWhileTheBackgroundLoadIsHeld() throws Exception {
        String issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
        TestCertificates.Held ca = TestCertificates.root("Stored Tomcat Test CA").validity(Duration.ofDays(365))
                .build();
        List<String> names = new ArrayList<>();
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            for (int i = 0; i < 6; i++) {
                String name = "stored-" + i + ".tomcat.boot.example";
                TestCertificates.Held leaf = TestCertificates.leaf(name).signedBy(ca)
                        .notBefore(Instant.now().minus(Duration.ofHours(1))).validity(Duration.ofDays(90)).build();
                new CertificateAssets(files).store(List.of(name), leaf.chain(), leaf.privateKey(), issuerKey,
                        KeyType.EC256, Instant.now());
                names.add(name);
            }
        }
        HeldLoads storage = new HeldLoads(FileStorage.builder(storageDirectory).build());
        long ordersBefore = pebble.countLogLines("Added order");
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PebbleTestApplication.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("heldStorage", storage))
                .properties("spring.main.banner-mode=off",
                        "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet."
                                + "JettyServletWebServerAutoConfiguration",
                        "server.address=127.0.0.1", "server.port=0", "certmagic.http.port=-1",
                        "certmagic.domains=" + String.join(",", names),
                        "certmagic.ca=" + pebble.directoryUrl(),
                        "certmagic.acme.trusted-roots=file:" + trust,
                        "certmagic.email=ops@boot.example", "certmagic.agreed=true")
                .run()) {
            int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
                    .getWebServer().getPort();
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            assertThat(storage.held.get()).as("the background load is held").isPositive();
            String last = names.get(names.size() - 1);

            TlsClient client = new TlsClient(List.of(ca.certificate()));
            assertThat(CertMagicApplicationPebbleTest.dnsNames(client.leafFor(port, last))).containsExactly(last);
            assertThat(availability.getReadinessState()).as("not every name is loaded yet")
                    .isEqualTo(ReadinessState.REFUSING_TRAFFIC);

            storage.release.countDown();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
            for (String name : names) {
                assertThat(CertMagicApplicationPebbleTest.dnsNames(client.leafFor(port, name)))
                        .containsExactly(name);
            }
        }
        assertThat(pebble.countLogLines("Added order")).as("every certificate came from storage")
                .isEqualTo(ordersBefore);
    }

    /** A real file storage whose reads on the core's loader threads wait until the test releases them. */
    static final class HeldLoads extends ForwardingStorage {

        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger held = new AtomicInteger();

        HeldLoads(Storage delegate) {
            super(delegate);
        }

        @Override
        public byte[] load(String key) throws IOException {
            if (Thread.currentThread().getName().startsWith("certmagic-load-")) {
                held.incrementAndGet();
                try {
                    if (!release.await(60, TimeUnit.SECONDS)) {
                        throw new IOException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            return delegate().load(key);
        }

        @Override
        public void close() throws IOException {
            release.countDown();
            delegate().close();
        }
    }
}
