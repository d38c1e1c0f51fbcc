package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.internal.challenge.ChallengeStore;
import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.internal.challenge.PendingChallenge;
import dev.certmagic.autoconfigure.web.RawHttp;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.ForwardingStorage;
import dev.certmagic.storage.KeyInfo;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 20 item 4: challenge lookups by strangers must not flood storage. A real application on real Tomcat gets
 * 1,000 HTTP-01 requests with random {@code Host} headers on its plain-HTTP connector and {@code acme-tls/1}
 * ClientHellos with random SNI from a real TLS client; the storage (a counting {@link ForwardingStorage} over the
 * real file storage) may see no more of them than the stranger budget allows per second of the flood (a peer may
 * be validating a name this instance does not know), while a challenge that a cluster peer published for a
 * managed name is still answered. The CA is unreachable: these tests need the lookups, not certificates.
 */
class ChallengeLookupFloodTest {

    private static final String MANAGED = "app.example.com";
    /** Never reached: the peer's challenge is found in storage, under this CA's key, before any order. */
    private static final String CA = "https://127.0.0.1:1/dir";

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path storagePath;

    @Test
    void aThousandHttp01RequestsWithRandomHostsReadStorageOnlyWithinTheStrangerBudget() throws Exception {
        int httpPort = ClusterInstances.freePort();
        try (ConfigurableApplicationContext context = start(httpPort)) {
            CountingStorage storage = context.getBean(CountingStorage.class);
            long before = storage.challengeReads();
            long started = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                String host = randomLabel() + ".example.net";
                RawHttp.Response response = RawHttp.send(httpPort, "GET",
                        Http01Responder.PATH_PREFIX + randomToken(), host);
                assertThat(response.status()).isNotEqualTo(200);
            }
            assertThat(storage.challengeReads() - before).isLessThanOrEqualTo(strangerBudgetSince(started));
        }
    }

    @Test
    void aPeersHttp01TokenForAManagedNameIsStillAnswered() throws Exception {
        int httpPort = ClusterInstances.freePort();
        try (ConfigurableApplicationContext context = start(httpPort)) {
            // A peer of the cluster started the order and published its token to the shared storage.
            try (FileStorage peerStorage = FileStorage.builder(storagePath).build()) {
                new ChallengeStore(peerStorage, StorageKeys.issuerKey(URI.create(CA)))
                        .put(PendingChallenge.http01(MANAGED, "peerToken_1", "peerToken_1.kx"));
            }
            RawHttp.Response response = RawHttp.send(httpPort, "GET", Http01Responder.PATH_PREFIX + "peerToken_1",
                    MANAGED);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("peerToken_1.kx");
        }
    }

    @Test
    void acmeTlsHandshakesWithRandomSniReadStorageOnlyWithinTheStrangerBudget() throws Exception {
        int httpPort = ClusterInstances.freePort();
        try (ConfigurableApplicationContext context = start(httpPort)) {
            int httpsPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            CountingStorage storage = context.getBean(CountingStorage.class);
            long before = storage.challengeReads();
            long started = System.nanoTime();
            int failed = 0;
            for (int i = 0; i < 300; i++) {
                if (!acmeTlsHandshake(httpsPort, randomLabel() + ".example.net")) {
                    failed++;
                }
            }
            // No challenge certificate exists for any of them: every validation handshake fails, cleanly.
            assertThat(failed).isEqualTo(300);
            assertThat(storage.challengeReads() - before).isLessThanOrEqualTo(strangerBudgetSince(started));
        }
    }

    /** The most reads the stranger budget allows from {@code started} until now: a full budget per second begun. */
    private static long strangerBudgetSince(long started) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
        return (seconds + 1) * ChallengeStore.DEFAULT_STRANGER_LOOKUPS_PER_SECOND;
    }

    private ConfigurableApplicationContext start(int httpPort) {
        return new SpringApplicationBuilder(PebbleTestApplication.class, CountingStorageConfiguration.class)
                .properties(
                        "spring.main.banner-mode=off",
                        "spring.autoconfigure.exclude=org.springframework.boot.jetty.autoconfigure.servlet."
                                + "JettyServletWebServerAutoConfiguration",
                        "server.address=127.0.0.1",
                        "server.port=0",
                        "certmagic.http.port=" + httpPort,
                        "certmagic.domains=" + MANAGED,
                        "certmagic.ca=" + CA,
                        "certmagic.agreed=true",
                        "certmagic.test.storage-path=" + storagePath)
                .run();
    }

    /** One real TLS 1.3 handshake offering only {@code acme-tls/1}, as a CA's validator does; true if it worked. */
    private static boolean acmeTlsHandshake(int port, String name) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] { new TrustAll() }, null);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            plain.setSoTimeout(5000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, name, port, false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(name)));
                parameters.setApplicationProtocols(new String[] { "acme-tls/1" });
                parameters.setProtocols(new String[] { "TLSv1.3" });
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static String randomLabel() {
        return "h" + HexFormat.of().formatHex(RANDOM.generateSeed(6));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The application's storage: the real file storage, counted. */
    @Configuration(proxyBeanMethods = false)
    static class CountingStorageConfiguration {

        @Bean(destroyMethod = "")
        CountingStorage certMagicTestStorage(org.springframework.core.env.Environment environment) {
            return new CountingStorage(FileStorage.builder(Path.of(environment.getRequiredProperty(
                    "certmagic.test.storage-path"))).build());
        }
    }

    /** Records every key read, so a test can tell challenge lookups from the manager's own reads. */
    static final class CountingStorage extends ForwardingStorage {

        private final ConcurrentLinkedQueue<String> reads = new ConcurrentLinkedQueue<>();

        CountingStorage(Storage delegate) {
            super(delegate);
        }

        long challengeReads() {
            return reads.stream().filter(key -> key.contains("/" + StorageKeys.CHALLENGE_TOKENS + "/")).count();
        }

        @Override
        public byte[] load(String key) throws IOException {
            reads.add(key);
            return super.load(key);
        }

        @Override
        public boolean exists(String key) throws IOException {
            reads.add(key);
            return super.exists(key);
        }

        @Override
        public KeyInfo stat(String key) throws IOException {
            reads.add(key);
            return super.stat(key);
        }

        @Override
        public List<String> list(String prefix, boolean recursive) throws IOException {
            reads.add(prefix);
            return super.list(prefix, recursive);
        }
    }

    /** The validator does not care who the server is: it checks the challenge certificate itself. */
    private static final class TrustAll implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
