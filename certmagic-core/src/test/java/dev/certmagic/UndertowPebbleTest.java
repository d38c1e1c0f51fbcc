package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * The core without Spring on a plain Undertow server, the way an Undertow user wires it (Spring Boot 4 has no
 * Undertow support): the manager's {@code SSLContext} on the HTTPS listener and its HTTP-01 responder in the handler
 * of the plain listener. Real Pebble, real handshakes.
 */
@WithPebble(authzReuse = 0)
class UndertowPebbleTest {

    static Pebble pebble;

    @TempDir
    Path storage;

    @Test
    void http01AnsweredByTheUndertowHandlerAndTheCertificateServedByItsHttpsListener() throws Exception {
        String name = "http01.undertow.example";
        try (CertificateManager manager = CertificateManager.builder()
                .storage(FileStorage.builder(storage).build())
                // Undertow's HTTPS listener offers no per-engine hook for the ALPN selector that grants acme-tls/1
                // (TlsDefaults.configure), so TLS-ALPN-01 is not for it; HTTP-01 or DNS-01 are.
                .tlsAlpnChallenge(false)
                .acme(AcmeIssuer.builder(pebble.directoryUri()).trustedRoots(List.of(pebble.trustCertificate()))
                        .agreed(true).email("ops@undertow.example").networkTimeout(Duration.ofSeconds(5)))
                .build()) {
            Undertow server = Undertow.builder()
                    .addHttpListener(pebble.httpPort(), "127.0.0.1")
                    .addHttpsListener(pebble.tlsPort(), "127.0.0.1", manager.sslContext())
                    .setHandler(exchange -> handle(exchange, manager.httpChallenges()))
                    .build();
            server.start();
            try {
                manager.manageSync(List.of(name));

                BigInteger served = ((X509Certificate) new TlsProbe(pebble.issuingRoots())
                        .sessionFor(pebble.tlsPort(), name).getPeerCertificates()[0]).getSerialNumber();
                assertThat(served).as("Undertow serves the certificate the manager holds")
                        .isEqualTo(manager.view().cached(name).get(0).leaf().getSerialNumber());
            } finally {
                server.stop();
            }
        }
    }

    /** Plain HTTP: pending challenges answered, everything else redirected to HTTPS; HTTPS: the application. */
    private static void handle(HttpServerExchange exchange, Http01Responder challenges) {
        if (exchange.isSecure()) {
            exchange.getResponseSender().send("Hello from Undertow", StandardCharsets.UTF_8);
            return;
        }
        Optional<String> answer = challenges.respond(exchange.getRequestMethod().toString(),
                exchange.getRequestHeaders().getFirst(Headers.HOST), exchange.getRequestPath());
        if (answer.isPresent()) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseSender().send(answer.get(), StandardCharsets.US_ASCII);
            return;
        }
        exchange.setStatusCode(StatusCodes.MOVED_PERMANENTLY);
        exchange.getResponseHeaders().put(Headers.LOCATION, "https://" + exchange.getHostName() + ":"
                + pebble.tlsPort() + exchange.getRequestURI());
        exchange.endExchange();
    }
}
