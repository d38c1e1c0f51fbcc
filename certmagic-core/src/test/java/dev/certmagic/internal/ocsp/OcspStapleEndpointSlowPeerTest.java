package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.MutableClock;
import dev.certmagic.testsupport.OcspResponderServer;

/**
 * The staple endpoint under local peers that send half a request: served concurrently, each connection held to
 * its own deadline, and a fast refusal once every thread and queue slot is taken.
 */
class OcspStapleEndpointSlowPeerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(T0);
    private OcspTestPki ca;
    private OcspResponderServer responder;
    private OcspStapleEndpoint endpoint;
    private ManagedCertificate stapled;

    @BeforeEach
    void start() throws Exception {
        ca = OcspTestPki.newCa("Slow Peer CA", T0);
        responder = OcspResponderServer.start(clock);
        responder.signWith(ca.keyPair().getPrivate(), ca.certificate(), ca.certificate());
        ManagedCertificate certificate = ca.leaf(T0, responder.url(), "slow.example.com");
        stapled = certificate.withOcspStaple(OcspClient.withDefaults().fetch(responder.url(), certificate.leaf(),
                ca.certificate()));
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        responder.close();
    }

    @Test
    void whileASlowPeerHoldsOneThreadAnotherFetchIsServedAtOnce() throws Exception {
        // A deadline far beyond the test's patience: only concurrency can answer the fetch in time.
        startEndpoint(new LoopbackHttpServer.Settings(4, 8, Duration.ofMinutes(5), 16 * 1024, "x/y"));

        try (Socket slow = HalfRequest.open(endpoint.url())) {
            assertThat(fetch().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(stapled.ocspStaple());
            assertThat(endpoint.dropped()).as("the slow peer is still being waited for").isZero();
        }
    }

    @Test
    void aSlowPeerHoldingTheOnlyThreadIsDroppedAtItsDeadlineAndTheNextFetchIsServed() throws Exception {
        startEndpoint(new LoopbackHttpServer.Settings(1, 4, Duration.ofMillis(500), 16 * 1024, "x/y"));

        try (Socket slow = HalfRequest.open(endpoint.url())) {
            CompletableFuture<byte[]> queued = fetch();

            assertThat(HalfRequest.closedByServerWithin(slow, PATIENCE)).as("slow peer dropped").isTrue();
            assertThat(queued.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(stapled.ocspStaple());
            assertThat(endpoint.dropped()).isEqualTo(1);
        }
    }

    @Test
    void withEveryThreadAndQueueSlotTakenANewConnectionIsClosedAtOnce() throws Exception {
        startEndpoint(new LoopbackHttpServer.Settings(1, 1, Duration.ofMinutes(5), 16 * 1024, "x/y"));

        try (Socket served = HalfRequest.open(endpoint.url());
                Socket waiting = HalfRequest.open(endpoint.url());
                Socket refused = HalfRequest.open(endpoint.url())) {
            assertThat(HalfRequest.closedByServerWithin(refused, PATIENCE)).as("third peer refused").isTrue();
            assertThat(endpoint.dropped()).isEqualTo(1);
        }
    }

    @Test
    void aRequestBodyAboveTheCapIsRefusedWithoutReadingIt() throws Exception {
        startEndpoint(new LoopbackHttpServer.Settings(1, 1, Duration.ofMinutes(5), 16 * 1024, "x/y"));

        try (Socket large = HalfRequest.open(endpoint.url(), "Content-Length: 100000000")) {
            assertThat(HalfRequest.closedByServerWithin(large, PATIENCE)).isTrue();
        }
        assertThat(fetch().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(stapled.ocspStaple());
    }

    private void startEndpoint(LoopbackHttpServer.Settings settings) throws Exception {
        endpoint = OcspStapleEndpoint.start(settings);
        endpoint.update(stapled);
    }

    private CompletableFuture<byte[]> fetch() {
        OcspClient client = OcspClient.withDefaults();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.fetch(endpoint.url(), stapled.leaf(), ca.certificate());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }
}
