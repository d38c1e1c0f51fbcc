package dev.certmagic.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.certmagic.CertificateManager;
import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;

/**
 * The sample application with {@code server.ssl.bundle=certmagic}, against a real Pebble: the certificate it obtains
 * is served by SNI and is the one in the {@code certmagic} SSL bundle, a {@code RestClient} presents it as its client
 * certificate to a peer that requires one, and a forced renewal reaches the bundle, and so the next client, without a
 * restart.
 */
@WithPebble(authzReuse = 0)
class SslBundleMutualTlsPebbleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    static Pebble pebble;

    @TempDir
    Path storage;

    @TempDir
    Path scratch;

    @Test
    void theCertmagicBundleIsTheServedCertificateForMutualTlsAndFollowsARenewal() throws Exception {
        String name = "bundle.sample.example";
        Path trustPem = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class).run(
                // Arguments, as an operator would pass them: they override the sample's application.yml.
                "--spring.main.banner-mode=off",
                "--server.address=127.0.0.1",
                "--server.port=" + pebble.tlsPort(),
                "--server.ssl.bundle=certmagic",
                "--certmagic.http.port=" + pebble.httpPort(),
                "--certmagic.domains=" + name,
                "--certmagic.ca=" + pebble.directoryUrl(),
                "--certmagic.acme.trusted-roots=file:" + trustPem,
                "--certmagic.email=ops@sample.example",
                "--certmagic.agreed=true",
                "--certmagic.storage.path=" + storage);
                ClientCertificateEcho peer = ClientCertificateEcho.start(pebble.issuingRoots())) {
            ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
            await().atMost(DEADLINE).until(() -> availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
            SslBundles bundles = app.getBean(SslBundles.class);
            BigInteger served = servedSerial(name);

            assertThat(leafIn(bundles.getBundle("certmagic"), name).getSerialNumber())
                    .as("the bundle holds the served certificate").isEqualTo(served);
            assertThat(leafIn(bundles.getBundle("certmagic:" + name), name).getSerialNumber()).isEqualTo(served);
            assertThat(clientSerialSeenBy(peer, bundles.getBundle("certmagic"))).as("the client certificate")
                    .isEqualTo(served.toString(16));

            CountDownLatch updated = new CountDownLatch(1);
            bundles.addBundleUpdateHandler("certmagic", bundle -> updated.countDown());
            app.getBean(CertificateManager.class).renew(name);
            assertThat(updated.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("update handler called").isTrue();

            BigInteger renewed = servedSerial(name);
            assertThat(renewed).as("renewed and served without a restart").isNotEqualTo(served);
            assertThat(leafIn(bundles.getBundle("certmagic"), name).getSerialNumber()).isEqualTo(renewed);
            assertThat(clientSerialSeenBy(peer, bundles.getBundle("certmagic")))
                    .as("the next client presents the renewed certificate").isEqualTo(renewed.toString(16));
        }
    }

    private static X509Certificate leafIn(SslBundle bundle, String alias) throws Exception {
        return (X509Certificate) bundle.getStores().getKeyStore().getCertificate(alias);
    }

    /** A RestClient whose key material is the bundle's, trusting the peer it calls. */
    private static String clientSerialSeenBy(ClientCertificateEcho peer, SslBundle bundle) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(bundle.getManagers().getKeyManagers(),
                ClientCertificateEcho.trust(List.of(peer.certificate())).getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
        RestClient client = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory(http)).build();
        return client.get().uri(peer.uri()).retrieve().body(String.class);
    }

    private static BigInteger servedSerial(String name) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, ClientCertificateEcho.trust(pebble.issuingRoots()).getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                pebble.tlsPort())) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(name)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
