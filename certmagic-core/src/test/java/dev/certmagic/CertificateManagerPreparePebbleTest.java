package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * {@link CertificateManager#prepareAsync()} against a real Pebble: it registers the account before any server
 * listens, so the first order makes no account request; without an issuer or a reachable CA it does nothing and
 * fails nothing.
 */
@WithPebble(authzReuse = 0)
class CertificateManagerPreparePebbleTest {

    /** Pebble's log line for a POST to its newAccount endpoint (registrations and look-ups alike). */
    private static final String ACCOUNT_REQUEST = "POST /sign-me-up";
    private static final String EMAIL = "ops@manager.example";

    static Pebble pebble;

    @TempDir
    Path storageDirectory;

    @Test
    void preparedAccountIsRegisteredBeforeTheServerListensAndTheFirstOrderMakesNoAccountRequest() throws Exception {
        long accountRequestsBefore = pebble.countLogLines(ACCOUNT_REQUEST);
        long ordersBefore = pebble.countLogLines("Added order");
        try (CertificateManager manager = manager(pebble.directoryUri())) {
            manager.prepareAsync().get(30, TimeUnit.SECONDS);

            String issuerKey = StorageKeys.issuerKey(pebble.directoryUri());
            assertThat(manager.view().storage().exists(StorageKeys.userRegistration(issuerKey, EMAIL)))
                    .as("the account is registered and stored").isTrue();
            long accountRequestsAfterPrepare = pebble.countLogLines(ACCOUNT_REQUEST);
            assertThat(accountRequestsAfterPrepare).as("Pebble saw the account request")
                    .isGreaterThan(accountRequestsBefore);
            assertThat(pebble.countLogLines("Added order")).as("preparing places no order").isEqualTo(ordersBefore);

            try (JsseTestServer server = new JsseTestServer(manager.sslContext(), pebble.tlsPort())) {
                manager.manageSync(List.of("prepared.manager.example"));
            }

            assertThat(manager.view().cached("prepared.manager.example")).isNotEmpty();
            assertThat(pebble.countLogLines("Added order")).isEqualTo(ordersBefore + 1);
            assertThat(pebble.countLogLines(ACCOUNT_REQUEST)).as("the order used the prepared account")
                    .isEqualTo(accountRequestsAfterPrepare);
        }
    }

    @Test
    void anUnreachableCaFailsNothingAndRegistersNothing() throws Exception {
        URI nowhere;
        try (ServerSocket closedPort = new ServerSocket(0)) {
            nowhere = URI.create("https://127.0.0.1:" + closedPort.getLocalPort() + "/dir");
        }
        try (CertificateManager manager = manager(nowhere)) {
            CompletableFuture<Void> prepared = manager.prepareAsync();

            assertThat(prepared.get(30, TimeUnit.SECONDS)).isNull();
            assertThat(prepared).isCompleted().isNotCompletedExceptionally();
            assertThat(manager.view().storage().exists(StorageKeys.userRegistration(StorageKeys.issuerKey(nowhere), EMAIL)))
                    .isFalse();
        }
    }

    @Test
    void withoutAnIssuerOrOnceClosedItIsDoneAtOnce() throws Exception {
        try (CertificateManager withoutIssuer = CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).build()).build()) {
            assertThat(withoutIssuer.prepareAsync()).isCompletedWithValue(null);
        }
        CertificateManager closed = manager(pebble.directoryUri());
        closed.close();

        long accountRequestsBefore = pebble.countLogLines(ACCOUNT_REQUEST);

        assertThat(closed.prepareAsync()).isCompletedWithValue(null);
        assertThat(pebble.countLogLines(ACCOUNT_REQUEST)).isEqualTo(accountRequestsBefore);
    }

    private CertificateManager manager(URI directory) {
        return CertificateManager.builder()
                .storage(FileStorage.builder(storageDirectory).build())
                .httpChallenge(false)
                .acme(AcmeIssuer.builder(directory).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email(EMAIL).networkTimeout(Duration.ofSeconds(3)))
                .build();
    }
}
