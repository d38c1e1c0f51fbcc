package dev.certmagic.acme;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;

/**
 * A session reads the CA's directory once and keeps it for {@link TrustingAcmeProvider#DIRECTORY_KEPT}, although
 * the CA (like Let's Encrypt) sends it with {@code Cache-Control: max-age=0}; further sessions of the same
 * provider start with that copy. The CA here is a directory served
 * over real TLS on loopback that counts how often it is read.
 */
class DirectoryCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger directoryReads = new AtomicInteger();
    private TestCertificates.Held ca;
    private HttpsServer server;
    private URI directory;

    @BeforeEach
    void startDirectory() throws Exception {
        ca = TestCertificates.root("directory test CA").validity(Duration.ofDays(2)).build();
        TestCertificates.Held leaf = TestCertificates.leaf("127.0.0.1").signedBy(ca).validity(Duration.ofDays(1))
                .build();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(leaf)));
        server.createContext("/dir", this::serveDirectory);
        server.start();
        directory = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/dir");
    }

    @AfterEach
    void stopDirectory() {
        server.stop(0);
    }

    @Test
    void aSessionReadsTheDirectoryOnceForManyRequestsAndAgainAfterTheKeepTime() throws Exception {
        Session session = session();

        URL newOrder = session.resourceUrl(Resource.NEW_ORDER);
        session.resourceUrl(Resource.NEW_NONCE);
        session.resourceUrl(Resource.NEW_ORDER);
        session.getMetadata();
        assertThat(directoryReads).as("one read serves every lookup").hasValue(1);
        assertThat(newOrder.toString()).endsWith("/new-order");

        clock.advance(TrustingAcmeProvider.DIRECTORY_KEPT.minusSeconds(1));
        session.resourceUrl(Resource.NEW_ORDER);
        assertThat(directoryReads).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        session.resourceUrl(Resource.NEW_ORDER);
        assertThat(directoryReads).as("read again once the keep time is over").hasValue(2);
    }

    @Test
    void aPurgedDirectoryAndEachNewSessionReadItAgain() throws Exception {
        Session first = session();
        first.resourceUrl(Resource.NEW_ORDER);
        first.purgeDirectoryCache();
        first.resourceUrl(Resource.NEW_ORDER);
        assertThat(directoryReads).hasValue(2);

        session().resourceUrl(Resource.NEW_ORDER);
        assertThat(directoryReads).hasValue(3);
    }

    @Test
    void sessionsOfOneProviderShareOneHttpClientAndOneDirectoryRead() throws Exception {
        TrustingAcmeProvider provider = new TrustingAcmeProvider(List.of(ca.certificate()), clock,
                Duration.ofSeconds(30), AcmeIssuerBuilder.DEFAULT_MAX_RESPONSE_SIZE, UserAgent.header(null));
        Session first = new Session(directory, provider);
        Session second = new Session(directory, provider);

        first.resourceUrl(Resource.NEW_ORDER);
        second.resourceUrl(Resource.NEW_ORDER);

        assertThat(second.getHttpClient()).isSameAs(first.getHttpClient());
        assertThat(directoryReads).as("the second session starts with the first one's copy").hasValue(1);
        assertThat(second.resourceUrl(Resource.NEW_ORDER)).isEqualTo(first.resourceUrl(Resource.NEW_ORDER));

        clock.advance(TrustingAcmeProvider.DIRECTORY_KEPT.plusSeconds(1));
        Session third = new Session(directory, provider);
        third.resourceUrl(Resource.NEW_ORDER);
        assertThat(directoryReads).as("an expired copy is not handed on").hasValue(2);
    }

    private Session session() {
        return new Session(directory, new TrustingAcmeProvider(List.of(ca.certificate()), clock,
                Duration.ofSeconds(30), AcmeIssuerBuilder.DEFAULT_MAX_RESPONSE_SIZE, UserAgent.header(null)));
    }

    private void serveDirectory(HttpExchange exchange) throws IOException {
        directoryReads.incrementAndGet();
        String base = "https://127.0.0.1:" + server.getAddress().getPort();
        byte[] body = ("{\"newNonce\":\"" + base + "/new-nonce\",\"newAccount\":\"" + base + "/new-account\","
                + "\"newOrder\":\"" + base + "/new-order\",\"meta\":{\"termsOfService\":\"" + base + "/terms\"}}")
                .getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "public, max-age=0, no-cache");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static SSLContext serverContext(TestCertificates.Held leaf) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "directory".toCharArray();
        store.setKeyEntry("directory", leaf.privateKey(), password, leaf.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
