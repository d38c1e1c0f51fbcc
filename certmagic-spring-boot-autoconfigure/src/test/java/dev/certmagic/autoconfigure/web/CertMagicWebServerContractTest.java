package dev.certmagic.autoconfigure.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.tls.TlsDefaults;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a certmagic web server must do, on any servlet container: real server on loopback, port 0, real JSSE
 * clients. Subclasses start the container with their customizer.
 *
 * <p>The test JVM runs with TLS 1.0/1.1 allowed by {@code java.security} (see the module's surefire
 * {@code argLine}), so a refused TLS 1.1 handshake is the connector's doing, not the JDK's.
 */
public abstract class CertMagicWebServerContractTest {

    /** Public HTTPS port written into redirects by default in these tests. */
    protected static final int REDIRECT_PORT = 8443;

    private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";

    private static final String KEY_AUTHORIZATION = TOKEN + ".9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";

    private static TestCertificates.Issued localhost;

    private static TestCertificates.Issued other;


    private TestSniKeyManager keyManager;

    private SSLContext serverContext;

    private Started started;

    /**
     * A started server and its bound ports.
     *
     * @param server the server, stopped after each test
     * @param httpsPort the main (TLS) connector's port
     * @param httpPort the plain-HTTP connector's port
     */
    public record Started(WebServer server, int httpsPort, int httpPort) {
    }

    /**
     * Creates the container factory, applies the certmagic customizer, gets and starts the server.
     *
     * @param sslContext certmagic's context supplier
     * @param httpListener the plain-HTTP listener
     * @param http2 whether {@code server.http2.enabled}
     * @param initializers the application
     * @return the started server
     */
    protected abstract Started start(Supplier<SSLContext> sslContext, HttpListener httpListener, boolean http2,
            ServletContextInitializer... initializers);

    @BeforeAll
    static void issueCertificates() throws Exception {
        localhost = TestCertificates.issue("localhost");
        other = TestCertificates.issue("other.test");
    }

    @BeforeEach
    void createKeyManager() throws Exception {
        keyManager = new TestSniKeyManager(List.of(localhost, other));
        serverContext = keyManager.serverContext();
    }

    @AfterEach
    void stopServer() {
        if (started != null) {
            started.server().stop();
        }
    }

    @Test
    void servesTheCertificateThatMatchesTheRequestedServerName() throws Exception {
        startApp(false, REDIRECT_PORT);
        assertThat(subjectOf(handshake("other.test", List.of("TLSv1.3"), List.of()))).isEqualTo("CN=other.test");
        assertThat(subjectOf(handshake("localhost", List.of("TLSv1.3"), List.of()))).isEqualTo("CN=localhost");
        assertThat(subjectOf(handshake("other.test", List.of("TLSv1.2"), List.of()))).isEqualTo("CN=other.test");
    }

    @Test
    void refusesAClientThatOffersOnlyTls11() throws Exception {
        startApp(false, REDIRECT_PORT);
        assertThatExceptionOfType(SSLException.class)
            .isThrownBy(() -> handshake("localhost", List.of("TLSv1.1"), List.of()).close());
        try (SSLSocket socket = handshake("localhost", List.of("TLSv1.2", "TLSv1.1"), List.of())) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void tls12HonoursTheServersSuiteOrderOverTheClients() throws Exception {
        startApp(false, REDIRECT_PORT);
        List<String> reversed = new ArrayList<>(ServerTls.tls12CipherSuites());
        Collections.reverse(reversed);
        // The client's first ECDSA suite is ChaCha20; the server's first (and the one it must pick) is AES-128.
        try (SSLSocket socket = handshake("localhost", List.of("TLSv1.2"), List.of(),
                parameters -> parameters.setCipherSuites(reversed.toArray(String[]::new)))) {
            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
    }

    @Test
    void refusesAClientThatOffersOnlyGroupsBeyondX25519P256AndP384() throws Exception {
        assumeTrue(TlsDefaults.namedGroupsPerConnection(), "named groups per connection need Java 20+; on Java 17 "
                + "only -Djdk.tls.namedGroups restricts them (README, TLS defaults)");
        startApp(false, REDIRECT_PORT);
        // TLS 1.3, where the groups are for the key exchange alone (in TLS 1.2 they also limit the curve of an
        // ECDSA certificate, so a P-256 certificate fails without secp256r1 whatever the server's groups).
        // Without the restriction, JSSE would agree on secp521r1.
        assertThatExceptionOfType(SSLException.class).isThrownBy(() -> handshake("localhost", List.of("TLSv1.3"),
                List.of(), parameters -> namedGroups(parameters, "secp521r1", "ffdhe2048")).close());
        for (String group : TlsDefaults.NAMED_GROUPS) {
            try (SSLSocket socket = handshake("localhost", List.of("TLSv1.3"), List.of(),
                    parameters -> namedGroups(parameters, group))) {
                assertThat(socket.getSession().getProtocol()).as(group).isEqualTo("TLSv1.3");
            }
        }
    }

    /** {@code SSLParameters.setNamedGroups}, which Java 17 (this module's release) does not declare. */
    private static void namedGroups(SSLParameters parameters, String... groups) {
        try {
            SSLParameters.class.getMethod("setNamedGroups", String[].class).invoke(parameters, (Object) groups);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void negotiatesH2WhenHttp2IsEnabled() throws Exception {
        startApp(true, REDIRECT_PORT);
        try (SSLSocket socket = handshake("localhost", List.of("TLSv1.3"), List.of("h2", "http/1.1"))) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
        }
    }

    @Test
    void servesHttp2RequestsOverTlsWhenHttp2IsEnabled() throws Exception {
        startApp(true, REDIRECT_PORT);
        HttpResponse<String> response = httpsGet("/hello?x=1", HttpClient.Version.HTTP_2);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello secure=true");
    }

    @Test
    void negotiatesHttp11WhenHttp2IsDisabledEvenIfTheClientPrefersH2() throws Exception {
        startApp(false, REDIRECT_PORT);
        try (SSLSocket socket = handshake("localhost", List.of("TLSv1.3"), List.of("h2", "http/1.1"))) {
            assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
        }
    }

    @Test
    void negotiatesAcmeTls1WhenItIsTheOnlyProtocolOfferedWithHttp2Enabled() throws Exception {
        startApp(true, REDIRECT_PORT);
        assertAcmeTls1IsNegotiated();
    }

    @Test
    void negotiatesAcmeTls1WhenItIsTheOnlyProtocolOfferedWithHttp2Disabled() throws Exception {
        startApp(false, REDIRECT_PORT);
        assertAcmeTls1IsNegotiated();
    }

    @Test
    void letsRequestsOnTheHttpsConnectorThroughAsSecure() throws Exception {
        startApp(false, REDIRECT_PORT);
        HttpResponse<String> response = httpsGet("/hello", HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello secure=true");
    }

    @Test
    void redirectsGetOnThePlainConnectorPermanentlyKeepingHostPathAndQuery() throws Exception {
        startApp(false, REDIRECT_PORT);
        RawHttp.Response response = RawHttp.send(started.httpPort(), "GET", "/a/b%20c?x=1&y=%2F", "Other.Test:80");
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.header("Location")).isEqualTo("https://other.test:8443/a/b%20c?x=1&y=%2F");
    }

    @Test
    void redirectsPostWith308SoTheMethodIsKept() throws Exception {
        startApp(false, REDIRECT_PORT);
        RawHttp.Response response = RawHttp.send(started.httpPort(), "POST", "/form", "localhost");
        assertThat(response.status()).isEqualTo(308);
        assertThat(response.header("Location")).isEqualTo("https://localhost:8443/form");
    }

    @Test
    void omitsThePortFromRedirectsTo443AndKeepsIpv6Brackets() throws Exception {
        startApp(false, 443);
        assertThat(RawHttp.send(started.httpPort(), "GET", "/", "localhost:8080").header("Location"))
            .isEqualTo("https://localhost/");
        assertThat(RawHttp.send(started.httpPort(), "HEAD", "/p", "[::1]:80").header("Location"))
            .isEqualTo("https://[::1]/p");
    }

    @Test
    void answersAPendingHttpChallengeOnlyForItsHost() throws Exception {
        startApp(false, REDIRECT_PORT);
        String path = AcmeHttpChallengeFilter.CHALLENGE_PATH_PREFIX + TOKEN;
        RawHttp.Response answered = RawHttp.send(started.httpPort(), "GET", path, "other.test");
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.header("Content-Type")).startsWith("text/plain");
        assertThat(answered.body()).isEqualTo(KEY_AUTHORIZATION);
        RawHttp.Response otherHost = RawHttp.send(started.httpPort(), "GET", path, "localhost");
        assertThat(otherHost.status()).isEqualTo(301);
        assertThat(otherHost.body()).doesNotContain(KEY_AUTHORIZATION);
        assertThat(RawHttp.send(started.httpPort(), "POST", path, "other.test").status()).isEqualTo(308);
        RawHttp.Response unknownToken = RawHttp.send(started.httpPort(), "GET",
                AcmeHttpChallengeFilter.CHALLENGE_PATH_PREFIX + "unknown", "other.test");
        assertThat(unknownToken.status()).isEqualTo(301);
        assertThat(unknownToken.header("Location"))
            .isEqualTo("https://other.test:8443/.well-known/acme-challenge/unknown");
    }

    @Test
    void withoutTheRedirectThePlainConnectorAnswersChallengesAndNothingElse() throws Exception {
        started = start(() -> serverContext, new HttpListener(0, InetAddress.getLoopbackAddress()), false,
                CertMagicFilters.challengeFilter(responder()), CertMagicFilters.plainHttpNotFoundFilter(),
                (servletContext) -> servletContext.addServlet("hello", new HelloServlet()).addMapping("/"));
        RawHttp.Response answered = RawHttp.send(started.httpPort(),
                "GET", AcmeHttpChallengeFilter.CHALLENGE_PATH_PREFIX + TOKEN, "other.test");
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo(KEY_AUTHORIZATION);
        RawHttp.Response app = RawHttp.send(started.httpPort(), "GET", "/hello", "other.test");
        assertThat(app.status()).isEqualTo(404);
        assertThat(app.body()).isEmpty();
        assertThat(RawHttp.send(started.httpPort(), "GET", AcmeHttpChallengeFilter.CHALLENGE_PATH_PREFIX + TOKEN,
                "localhost").status()).as("challenge of another host").isEqualTo(404);
        assertThat(httpsGet("/hello", HttpClient.Version.HTTP_1_1).body()).as("HTTPS serves the application")
                .isEqualTo("hello secure=true");
    }

    @Test
    void answersHostileHostHeadersWith400InsteadOfARedirect() throws Exception {
        startApp(false, REDIRECT_PORT);
        SoftAssertions softly = new SoftAssertions();
        for (String host : List.of("evil.test@localhost", "localhost/evil.test", "localhost\\evil.test",
                "localhost:80:81", "localhost:99999", "[::1", "[fe80::1%25eth0]", "a..b", "-x.test", "")) {
            RawHttp.Response response = RawHttp.send(started.httpPort(), "GET", "/", host);
            softly.assertThat(response.status()).as("status for Host %s", host).isEqualTo(400);
            softly.assertThat(response.header("Location")).as("Location for Host %s", host).isNull();
        }
        softly.assertAll();
    }

    /**
     * Several validations in a row, as a CA does from several vantage points: a server that ends the connection
     * before the client's last handshake message would fail some of them.
     */
    private void assertAcmeTls1IsNegotiated() throws Exception {
        int validations = 10;
        for (int i = 0; i < validations; i++) {
            try (SSLSocket socket = handshake("other.test", List.of("TLSv1.3"), List.of("acme-tls/1"))) {
                assertThat(socket.getApplicationProtocol()).isEqualTo("acme-tls/1");
                assertThat(subjectOf(socket)).isEqualTo("CN=other.test");
            }
        }
        assertThat(keyManager.seenApplicationProtocols()).hasSize(validations).containsOnly("acme-tls/1");
    }

    private static HttpChallengeResponder responder() {
        return (host, token) -> Optional.ofNullable(
                Map.of("other.test", Map.of(TOKEN, KEY_AUTHORIZATION)).getOrDefault(host, Map.of()).get(token));
    }

    private void startApp(boolean http2, int redirectPort) {
        started = start(() -> serverContext, new HttpListener(0, InetAddress.getLoopbackAddress()), http2,
                CertMagicFilters.challengeFilter(responder()), CertMagicFilters.redirectFilter(redirectPort),
                (servletContext) -> servletContext.addServlet("hello", new HelloServlet()).addMapping("/"));
    }

    private SSLSocket handshake(String serverName, List<String> protocols, List<String> applicationProtocols)
            throws Exception {
        return handshake(serverName, protocols, applicationProtocols, parameters -> { });
    }

    private SSLSocket handshake(String serverName, List<String> protocols, List<String> applicationProtocols,
            Consumer<SSLParameters> client) throws Exception {
        // A fresh client per handshake: JSSE clients cache sessions per IP and port, and a resumed session
        // would skip the server's certificate choice.
        SSLSocket socket = (SSLSocket) clientContext().getSocketFactory()
            .createSocket(InetAddress.getLoopbackAddress(), started.httpsPort());
        try {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            parameters.setProtocols(protocols.toArray(String[]::new));
            parameters.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
            client.accept(parameters);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        }
        catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    private static SSLContext clientContext() throws Exception {
        return TestCertificates.clientContext(List.of(localhost, other));
    }

    private static String subjectOf(SSLSocket socket) throws IOException {
        try (socket) {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName();
        }
    }

    private HttpResponse<String> httpsGet(String path, HttpClient.Version version) throws Exception {
        HttpClient client = HttpClient.newBuilder()
            .sslContext(clientContext())
            .version(version)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + started.httpsPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The application: says whether the request arrived over TLS. */
    private static final class HelloServlet extends HttpServlet {

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = ("hello secure=" + request.isSecure()).getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
