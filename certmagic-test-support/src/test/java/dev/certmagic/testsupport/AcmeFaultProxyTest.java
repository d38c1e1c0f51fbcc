package dev.certmagic.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy on the wire, with a plain HTTP client: the directory gains {@code renewalInfo} and keeps Pebble's
 * URLs pointing at the proxy, renewal information is answered as configured, a fault answers {@code newOrder}
 * without reaching Pebble, and other requests reach Pebble with their status and problem intact.
 */
@WithPebble
class AcmeFaultProxyTest {

    static Pebble pebble;

    private AcmeFaultProxy proxy;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        proxy = AcmeFaultProxy.start(pebble);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("proxy", proxy.trustCertificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(context).build();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void theDirectoryOffersRenewalInfoAndEveryUrlPointsAtTheProxy() throws Exception {
        HttpResponse<String> directory = get(proxy.directoryUri());

        String origin = "https://127.0.0.1:" + proxy.directoryUri().getPort();
        assertThat(directory.statusCode()).isEqualTo(200);
        assertThat(directory.body()).contains("\"renewalInfo\":\"" + origin + AcmeFaultProxy.RENEWAL_INFO_PATH + "\"")
                .containsPattern("\"newOrder\":\\s*\"" + java.util.regex.Pattern.quote(origin) + "/")
                .doesNotContain(":" + pebble.directoryUri().getPort() + "/");
    }

    @Test
    void renewalInfoIsAnsweredPerCertificateWithRetryAfterAndCounted() throws Exception {
        URI info = URI.create(proxy.directoryUri().resolve(AcmeFaultProxy.RENEWAL_INFO_PATH) + "/abc.def");
        assertThat(get(info).statusCode()).as("nothing configured yet").isEqualTo(404);

        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        proxy.renewalWindow("abc.def", start, start.plusSeconds(3600));
        proxy.renewalInfoRetryAfter(Duration.ofMinutes(5));
        HttpResponse<String> answer = get(info);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"suggestedWindow\":{\"start\":\"2030-01-01T00:00:00Z\","
                + "\"end\":\"2030-01-01T01:00:00Z\"}}");
        assertThat(answer.headers().firstValue("Retry-After")).contains("300");
        assertThat(proxy.renewalInfoRequests("abc.def")).isEqualTo(2);
        assertThat(proxy.renewalInfoRequests("other")).isZero();
    }

    @Test
    void aFaultAnswersTheNextNewOrdersThenPebbleAnswersAgain() throws Exception {
        URI newOrder = proxy.directoryUri().resolve("/order-plz");
        get(proxy.directoryUri());
        proxy.failNewOrders(AcmeFault.serviceUnavailable(Duration.ofSeconds(120)), 1, 1);

        HttpResponse<String> first = postJws(newOrder, "{\"n\":1}");
        HttpResponse<String> second = postJws(newOrder, "{\"n\":2}");
        HttpResponse<String> third = postJws(newOrder, "{\"n\":3}");

        assertThat(first.statusCode()).as("skipped: Pebble rejects the unsigned JWS").isEqualTo(400);
        assertThat(first.body()).contains("urn:ietf:params:acme:error:");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("Retry-After")).contains("120");
        assertThat(second.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(second.body()).contains("urn:ietf:params:acme:error:serverInternal");
        assertThat(third.statusCode()).isEqualTo(400);
        assertThat(proxy.newOrderRequests()).isEqualTo(3);
        assertThat(proxy.newOrderPayloads()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJws(URI uri, String payload) throws Exception {
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        String jws = "{\"protected\":\"e30\",\"payload\":\"" + encoded + "\",\"signature\":\"AA\"}";
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/jose+json")
                .POST(HttpRequest.BodyPublishers.ofString(jws)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
