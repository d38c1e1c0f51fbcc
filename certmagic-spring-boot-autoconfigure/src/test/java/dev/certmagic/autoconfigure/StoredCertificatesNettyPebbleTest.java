package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.WithPebble;

/**
 * A restart on Reactor Netty (JDK TLS and BoringSSL) with certificates in storage whose background load is held (a
 * {@link Storage} bean that holds the reads of the core's loader threads): the application starts anyway, Netty
 * serves a stored name on the first handshake that asks for it (read from storage off the event loop), readiness
 * refuses traffic until every name is loaded, and Pebble sees no order.
 */
@WithPebble
class StoredCertificatesNettyPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @TempDir
    Path scratch;

    @ParameterizedTest(name = "certmagic.tls.provider={0}")
    @ValueSource(strings = { "jdk", "boringssl" })
    void nettyServesAStoredNameOnTheFirstHandshakeWhileTheBackgroundLoadIsHeld(String provider) throws Exception {
        String issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
        TestCertificates.Held ca = TestCertificates.root("Stored Netty Test CA").validity(Duration.ofDays(365))
                .build();
        List<String> names = new ArrayList<>();
        try (FileStorage files = FileStorage.builder(storageDirectory).build()) {
            for (int i = 0; i < 6; i++) {
                String name = "stored-" + i + "." + provider + ".netty.boot.example";
                TestCertificates.Held leaf = TestCertificates.leaf(name).signedBy(ca)
                        .notBefore(Instant.now().minus(Duration.ofHours(1))).validity(Duration.ofDays(90)).build();
                new CertificateAssets(files).store(List.of(name), leaf.chain(), leaf.privateKey(), issuerKey,
                        KeyType.EC256, Instant.now());
                names.add(name);
            }
        }
        StoredCertificatesTomcatPebbleTest.HeldLoads storage = new StoredCertificatesTomcatPebbleTest.HeldLoads(FileStorage.builder(storageDirectory).build());
        long ordersBefore = pebble.countLogLines("Added order");
        Path trust = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PebbleTestApplication.class)
                .web(WebApplicationType.REACTIVE)
                .initializers(c -> c.getBeanFactory().registerSingleton("heldStorage", storage))
                .properties("spring.main.banner-mode=off",
                        "spring.autoconfigure.exclude=" + NettyApplicationPebbleTest.OTHER_REACTIVE_SERVERS,
                        "certmagic.tls.provider=" + provider,
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
}
