package dev.certmagic.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Proves the harness with acme4j alone: a plain {@code https://127.0.0.1:PORT/dir} URL, our own trust settings,
 * Pebble's default 5 % nonce rejection, HTTP-01 answered on the harness's port, and a chain that verifies.
 */
@WithPebble
class PebbleSmokeTest {

    static Pebble pebble;

    @Test
    void anOrderForOneNameIsIssuedThroughHttp01AndItsChainVerifiesAgainstPebblesRoot(Pebble injected)
            throws Exception {
        assertThat(injected).isSameAs(pebble);
        assertThat(pebble.settings().nonceReject()).isEqualTo(5);

        Session session = new Session(pebble.directoryUri(), new TrustingProvider(pebble));
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(ecKeyPair()).create(session);
        Order order = account.newOrder().domain("smoke.example.com").create();

        Map<String, String> tokens = new ConcurrentHashMap<>();
        AtomicInteger validationRequests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                pebble.httpPort()), 0);
        server.createContext("/.well-known/acme-challenge/", exchange -> {
            validationRequests.incrementAndGet();
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String answer = tokens.get(token);
            byte[] body = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            for (Authorization authorization : order.getAuthorizations()) {
                if (authorization.getStatus() == Status.VALID) {
                    continue;
                }
                Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
                tokens.put(challenge.getToken(), challenge.getAuthorization());
                challenge.trigger();
                assertThat(authorization.waitForCompletion(Duration.ofSeconds(30))).isEqualTo(Status.VALID);
            }
            order.waitUntilReady(Duration.ofSeconds(30));
            order.execute(ecKeyPair());
            assertThat(order.waitForCompletion(Duration.ofSeconds(30))).isEqualTo(Status.VALID);
        } finally {
            server.stop(0);
        }

        var chain = order.getCertificate().getCertificateChain();
        assertThat(validationRequests).hasPositiveValue();
        assertThat(chain.get(0).getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)))
                .containsExactly("smoke.example.com");
        PKIXParameters parameters = new PKIXParameters(pebble.issuingRoots().stream()
                .map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    @Test
    void aChainFromAnotherCaDoesNotVerifyAgainstPebblesRoot() throws Exception {
        TestCertificates.Held otherRoot = TestCertificates.root("Other").build();
        TestCertificates.Held leaf = TestCertificates.leaf("x.example.com").signedBy(otherRoot).build();
        PKIXParameters parameters = new PKIXParameters(pebble.issuingRoots().stream()
                .map(root -> new TrustAnchor(root, null)).collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(
                java.util.List.<X509Certificate>of(leaf.certificate()));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> CertPathValidator.getInstance("PKIX").validate(path, parameters))
                .isInstanceOf(java.security.cert.CertPathValidatorException.class);
    }

    @Test
    void theDirectoryIsServedOnlyToClientsThatTrustTheListenerCa() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(pebble.directoryUri()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        assertThat(pebble.directoryUrl()).startsWith("https://127.0.0.1:").endsWith("/dir");
        assertThat(new String(pebble.trustPem(), StandardCharsets.US_ASCII)).contains("BEGIN CERTIFICATE");
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A generic ACME provider whose HTTP client trusts the harness's listener CA: the path real users take. */
    private static final class TrustingProvider extends GenericAcmeProvider {

        private final Pebble pebble;

        TrustingProvider(Pebble pebble) {
            this.pebble = pebble;
        }

        @Override
        public boolean accepts(URI serverUri) {
            return serverUri.equals(pebble.directoryUri());
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            return HttpClient.newBuilder().sslContext(pebble.sslContext()).connectTimeout(settings.getTimeout())
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
    }
}
