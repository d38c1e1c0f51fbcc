package dev.certmagic.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;
import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.MissingCertificateHandler;
import dev.certmagic.tls.TlsTestClient;
import dev.certmagic.tls.TlsTestServer;

/**
 * The key manager inside a real JSSE server on loopback: the certificate each client gets.
 */
class SniKeyManagerHandshakeTest {

    private static final TestCertificates.Held CA = TestCertificates.root("Handshake Root").build();
    private static final KeyPair EC = TestKeys.ec();
    private static final KeyPair RSA = TestKeys.rsa();

    private final CertificateCache cache = new CertificateCache(Clock.systemUTC());
    private final Map<String, ChallengeCertificate> challenges = new ConcurrentHashMap<>();
    private TlsTestServer server;
    private TlsTestClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = TlsTestServer.start(new SniKeyManager(cache, challenges::get, null));
        client = TlsTestClient.trusting(CA.certificate());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        assertThat(server.unexpected()).as("throwables other than clean handshake failures").isEmpty();
    }

    private static List<SNIServerName> sni(String name) {
        return List.of(new SNIHostName(name));
    }

    @Test
    void servesTheRightCertificateForEachOfAThousandNames() throws Exception {
        List<ManagedCertificate> certificates = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ManagedCertificate certificate = TestManagedCertificates.issue(CA, EC, true, "host" + i + ".example.test");
            certificates.add(certificate);
            cache.add(certificate);
        }

        // Three clients at once: faster on a small machine, and the key manager is exercised concurrently. Each
        // has its own client context: JSSE resumes a cached session for the same address even under another SNI
        // name (see SniKeyManager), and a session cached by one thread could otherwise be offered by another.
        ExecutorService clients = Executors.newFixedThreadPool(3);
        ThreadLocal<TlsTestClient> perThread = ThreadLocal.withInitial(() -> {
            try {
                return TlsTestClient.trusting(CA.certificate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            List<Future<X509Certificate>> served = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String name = "host" + i + ".example.test";
                served.add(clients.submit(() -> perThread.get().connect(server.port(), sni(name)).leaf()));
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(served.get(i).get(60, TimeUnit.SECONDS).getSerialNumber()).as("host%d", i)
                        .isEqualTo(certificates.get(i).leaf().getSerialNumber());
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(server.completed()).isEqualTo(1000);
    }

    @Test
    void sniIsNormalizedBeforeLookup() throws Exception {
        ManagedCertificate certificate = TestManagedCertificates.issue(CA, EC, true, "mixed.example.test");
        cache.add(certificate);

        X509Certificate leaf = client.connect(server.port(), sni("MiXeD.Example.TEST")).leaf();

        assertThat(leaf).isEqualTo(certificate.leaf());
    }

    @Test
    void wildcardCertificateServesOneLabelBelowItsBase() throws Exception {
        ManagedCertificate wildcard = TestManagedCertificates.issue(CA, EC, true, "*.wild.test");
        ManagedCertificate exact = TestManagedCertificates.issue(CA, EC, true, "www.wild.test");
        cache.add(wildcard);
        cache.add(exact);

        assertThat(client.connect(server.port(), sni("api.wild.test")).leaf()).isEqualTo(wildcard.leaf());
        assertThat(client.connect(server.port(), sni("www.wild.test")).leaf()).isEqualTo(exact.leaf());
        assertThatThrownBy(() -> client.connect(server.port(), sni("a.b.wild.test")))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void clientWithoutSniGetsTheDefaultServerName() throws Exception {
        ManagedCertificate fallback = TestManagedCertificates.issue(CA, EC, true, "default.test");
        cache.add(TestManagedCertificates.issue(CA, EC, true, "other.test"));
        cache.add(fallback);

        assertThatThrownBy(() -> client.connect(server.port(), List.of()))
                .as("no default configured").isInstanceOf(SSLHandshakeException.class);
        cache.setDefaultServerName("default.test");

        assertThat(client.connect(server.port(), List.of()).leaf()).isEqualTo(fallback.leaf());
        assertThat(client.connect(server.port(), sni("unknown.test")).leaf()).isEqualTo(fallback.leaf());
    }

    @Test
    void ecdsaAndRsaClientsEachGetTheCertificateTheySupport() throws Exception {
        ManagedCertificate ecCertificate = TestManagedCertificates.issue(CA, EC, true, "dual.test");
        ManagedCertificate rsaCertificate = TestManagedCertificates.issue(CA, RSA, true, "dual.test");
        cache.add(ecCertificate);
        cache.add(rsaCertificate);
        String[] tls12 = {"TLSv1.2"};

        TlsTestClient.Result rsaOnly = client.connect(server.port(), sni("dual.test"), null, tls12,
                new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        TlsTestClient.Result ecdsaOnly = client.connect(server.port(), sni("dual.test"), null, tls12,
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
        TlsTestClient.Result modern = client.connect(server.port(), sni("dual.test"));

        assertThat(rsaOnly.leaf()).isEqualTo(rsaCertificate.leaf());
        assertThat(ecdsaOnly.leaf()).isEqualTo(ecCertificate.leaf());
        assertThat(modern.protocol()).isEqualTo("TLSv1.3");
        assertThat(modern.leaf()).isEqualTo(ecCertificate.leaf());
    }

    @Test
    void rsaOnlyClientFailsCleanlyWhenTheNameHasOnlyAnEcdsaCertificate() throws Exception {
        cache.add(TestManagedCertificates.issue(CA, EC, true, "ec-only.test"));

        assertThatThrownBy(() -> client.connect(server.port(), sni("ec-only.test"), null, new String[] {"TLSv1.2"},
                new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})).isInstanceOf(SSLHandshakeException.class);
        assertThat(client.connect(server.port(), sni("ec-only.test")).leaf().getPublicKey().getAlgorithm())
                .isEqualTo("EC");
    }

    @Test
    void acmeTlsAlpnGetsTheChallengeCertificateOnlyWithAPendingChallengeForThatExactName() throws Exception {
        ManagedCertificate regular = TestManagedCertificates.issue(CA, EC, true, "chal.test");
        cache.add(regular);
        cache.add(TestManagedCertificates.issue(CA, EC, true, "other.test"));
        cache.setDefaultServerName("chal.test");
        KeyPair challengeKey = TestKeys.rsa();
        X509Certificate challengeCertificate = TestCertificates.leaf("chal.test").keyPair(challengeKey).build()
                .certificate();
        TlsTestClient validator = TlsTestClient.trustingAnything();
        String[] acme = {ApplicationProtocols.ACME_TLS_1};

        assertThatThrownBy(() -> validator.connect(server.port(), sni("chal.test"), acme, null, null))
                .as("no challenge pending yet").isInstanceOf(SSLHandshakeException.class);

        challenges.put("chal.test", new ChallengeCertificate("chal.test", challengeKey.getPrivate(),
                challengeCertificate));
        TlsTestClient.Result validated = validator.connect(server.port(), sni("CHAL.test"), acme, null, null);
        assertThat(validated.leaf()).isEqualTo(challengeCertificate);
        assertThat(validated.applicationProtocol()).isEqualTo(ApplicationProtocols.ACME_TLS_1);

        assertThatThrownBy(() -> validator.connect(server.port(), sni("other.test"), acme, null, null))
                .as("challenge for another name").isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> validator.connect(server.port(), List.of(), acme, null, null))
                .as("no SNI never gets a challenge nor the default").isInstanceOf(SSLHandshakeException.class);

        TlsTestClient.Result browser = client.connect(server.port(), sni("chal.test"),
                new String[] {ApplicationProtocols.H2, ApplicationProtocols.HTTP_1_1}, null, null);
        assertThat(browser.leaf()).as("ordinary clients never see the challenge").isEqualTo(regular.leaf());
        assertThat(browser.applicationProtocol()).isEqualTo(ApplicationProtocols.HTTP_1_1);

        challenges.clear();
        assertThatThrownBy(() -> validator.connect(server.port(), sni("chal.test"), acme, null, null))
                .as("challenge finished").isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void hostileSniBytesFailCleanlyAndTheServerKeepsServing() throws Exception {
        ManagedCertificate good = TestManagedCertificates.issue(CA, EC, true, "good.test");
        cache.add(good);
        List<byte[]> hostile = List.of(
                ("a".repeat(300) + ".test").getBytes(StandardCharsets.US_ASCII),
                "x".repeat(15_000).getBytes(StandardCharsets.US_ASCII),
                "..".getBytes(StandardCharsets.US_ASCII),
                "a..b.test".getBytes(StandardCharsets.US_ASCII),
                ".good.test".getBytes(StandardCharsets.US_ASCII),
                new byte[0],
                new byte[] {0},
                new byte[] {'g', 'o', 0, 'd', '.', 't', 'e', 's', 't'},
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd},
                new byte[] {(byte) 0xc3, (byte) 0x28, '.', 't', 'e', 's', 't'},
                "bad!name$.test".getBytes(StandardCharsets.US_ASCII),
                "*.*.test".getBytes(StandardCharsets.US_ASCII),
                "\u202egood.test".getBytes(StandardCharsets.UTF_8),
                "g\u00f6\u00f6d.test".getBytes(StandardCharsets.UTF_8));

        for (byte[] sni : hostile) {
            int answer = TlsTestClient.rawClientHello(server.port(), sni);
            assertThat(answer).as("first record type for %s", new String(sni, StandardCharsets.ISO_8859_1))
                    .isIn(21, -1);
        }

        assertThat(server.acceptorAlive()).isTrue();
        assertThat(client.connect(server.port(), sni("good.test")).leaf()).isEqualTo(good.leaf());
    }

    @Test
    void internationalizedSniIsMatchedInPunycodeAndUnknownOnesGetTheDefault() throws Exception {
        ManagedCertificate idn = TestManagedCertificates.issue(CA, EC, true, "xn--bcher-kva.test");
        ManagedCertificate fallback = TestManagedCertificates.issue(CA, EC, true, "default.test");
        cache.add(idn);
        cache.add(fallback);
        cache.setDefaultServerName("default.test");

        assertThat(client.connect(server.port(), sni("b\u00fccher.test")).leaf()).isEqualTo(idn.leaf());
        assertThat(client.connect(server.port(), sni("g\u00f6ld.test")).leaf()).isEqualTo(fallback.leaf());
    }

    @Test
    void missingCertificateHandlerIsAskedBeforeTheDefault() throws Exception {
        ManagedCertificate onDemand = TestManagedCertificates.issue(CA, EC, true, "ondemand.test");
        List<String> asked = new ArrayList<>();
        MissingCertificateHandler handler = (name, keyType) -> {
            asked.add(name + "/" + keyType);
            if (!name.equals("ondemand.test")) {
                return null;
            }
            cache.add(onDemand);
            return onDemand;
        };
        try (TlsTestServer onDemandServer = TlsTestServer.start(new SniKeyManager(cache, challenges::get, handler))) {
            assertThat(client.connect(onDemandServer.port(), sni("ondemand.test")).leaf()).isEqualTo(onDemand.leaf());
            assertThat(asked).contains("ondemand.test/" + KeyAlgorithm.EC);
        }
    }
}
