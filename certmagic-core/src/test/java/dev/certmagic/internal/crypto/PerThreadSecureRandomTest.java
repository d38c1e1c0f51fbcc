package dev.certmagic.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.DrbgParameters;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.TestManagedCertificates;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;
import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.TlsDefaults;
import dev.certmagic.tls.TlsTestClient;

/**
 * The per-thread generator: each thread draws from its own, and JSSE servers shake hands with it.
 */
class PerThreadSecureRandomTest {

    private static final TestCertificates.Held CA = TestCertificates.root("PerThread Root").build();
    private static final KeyPair EC = TestKeys.ec();
    private static final String NAME = "random.example.test";

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** A real generator that counts its draws and remembers the thread it was made for. */
    private static final class Recording extends SecureRandom {

        private static final long serialVersionUID = 1L;

        final Thread owner = Thread.currentThread();
        final AtomicInteger draws = new AtomicInteger();

        @Override
        public void nextBytes(byte[] bytes) {
            draws.incrementAndGet();
            super.nextBytes(bytes);
        }
    }

    private final List<Recording> made = new CopyOnWriteArrayList<>();

    private PerThreadSecureRandom recordingRandom() {
        return new PerThreadSecureRandom(() -> {
            Recording recording = new Recording();
            made.add(recording);
            return recording;
        });
    }

    private Recording madeFor(Thread thread) {
        return made.stream().filter(r -> r.owner == thread).findFirst().orElseThrow();
    }

    @Test
    void twoThreadsDrawFromDistinctGenerators() throws Exception {
        PerThreadSecureRandom random = recordingRandom();
        ExecutorService one = Executors.newSingleThreadExecutor();
        CompletableFuture<Thread> first = CompletableFuture.supplyAsync(() -> draw(random), one);
        Thread firstThread = first.get(30, TimeUnit.SECONDS);
        Thread secondThread = new Thread(() -> draw(random));
        secondThread.start();
        secondThread.join(30_000);

        Recording ofFirst = madeFor(firstThread);
        Recording ofSecond = madeFor(secondThread);
        assertThat(ofFirst).isNotSameAs(ofSecond);
        assertThat(ofFirst.draws.get()).isEqualTo(2);
        assertThat(ofSecond.draws.get()).isEqualTo(2);
        // The same thread drawing again keeps its generator.
        assertThat(CompletableFuture.supplyAsync(random::current, one).get(30, TimeUnit.SECONDS)).isSameAs(ofFirst);
        one.shutdown();
    }

    private static Thread draw(PerThreadSecureRandom random) {
        random.nextBytes(new byte[32]);
        random.nextInt(); // inherited from Random: must go through nextBytes, to this thread's generator
        return Thread.currentThread();
    }

    @Test
    void sharedInstanceGivesEachThreadItsOwnDrbg() throws Exception {
        PerThreadSecureRandom shared = PerThreadSecureRandom.shared();
        SecureRandom here = shared.current();
        SecureRandom there = CompletableFuture.supplyAsync(shared::current, threads).get(30, TimeUnit.SECONDS);

        assertThat(here).isNotSameAs(there).isSameAs(shared.current());
        assertThat(here.getAlgorithm()).isEqualTo(PerThreadSecureRandom.ALGORITHM);
        assertThat(shared.getAlgorithm()).isEqualTo(PerThreadSecureRandom.ALGORITHM);
        assertThat(shared.getProvider()).isEqualTo(here.getProvider());
        assertThat(shared.getParameters()).isInstanceOf(DrbgParameters.Instantiation.class);
        // Every delegated method works on the real DRBG.
        byte[] bytes = new byte[16];
        shared.nextBytes(bytes, DrbgParameters.nextBytes(128, false, null));
        shared.setSeed(new byte[] {1, 2, 3});
        shared.setSeed(42L);
        shared.reseed();
        shared.reseed(DrbgParameters.reseed(false, null));
        assertThat(shared.generateSeed(8)).hasSize(8);
        assertThat(shared.nextGaussian()).isFinite();
        assertThat(shared.ints(4).toArray()).hasSize(4);
    }

    private SniKeyManager keyManager() {
        CertificateCache cache = new CertificateCache(Clock.systemUTC());
        cache.add(TestManagedCertificates.issue(CA, EC, true, NAME));
        return new SniKeyManager(cache, name -> null, null);
    }

    @Test
    void serverSocketHandshakesDrawFromTheHandshakeThreadsGenerator() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager()}, null, recordingRandom());
        Map<String, Thread> handshakeThreads = new ConcurrentHashMap<>();
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TlsDefaults.configure(server);
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                    try (SSLSocket socket = (SSLSocket) server.accept()) {
                        socket.startHandshake();
                        handshakeThreads.put(protocol, Thread.currentThread());
                        socket.getOutputStream().write('k');
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, threads);
            TlsTestClient client = TlsTestClient.trusting(CA.certificate());
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                TlsTestClient.Result result = client.connect(server.getLocalPort(), List.of(new SNIHostName(NAME)),
                        null, new String[] {protocol}, null);
                assertThat(result.protocol()).isEqualTo(protocol);
            }
            serving.get(30, TimeUnit.SECONDS);
        }
        Thread serverThread = handshakeThreads.get("TLSv1.3");
        assertThat(madeFor(serverThread).draws.get()).as("draws by the server's handshakes").isPositive();
    }

    @Test
    void engineHandshakeDrawsFromTheCallingThreadsGenerator() throws Exception {
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(new KeyManager[] {keyManager()}, null, recordingRandom());
        int drawsAtInit = madeFor(Thread.currentThread()).draws.get();
        SSLEngine server = serverContext.createSSLEngine();
        server.setUseClientMode(false);
        TlsDefaults.configure(server, new ApplicationProtocols(List.of("http/1.1")));
        SSLEngine client = clientContext().createSSLEngine(NAME, 443);
        client.setUseClientMode(true);
        var parameters = client.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(NAME)));
        client.setSSLParameters(parameters);

        handshake(client, server);

        assertThat(server.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(madeFor(Thread.currentThread()).draws.get()).isGreaterThan(drawsAtInit);
        assertThat(made).hasSize(1);
    }

    private static SSLContext clientContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", CA.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Runs both engines' handshakes to completion on this thread, passing records through buffers. */
    private static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        int size = 64 * 1024;
        ByteBuffer toServer = ByteBuffer.allocate(size);
        ByteBuffer toClient = ByteBuffer.allocate(size);
        ByteBuffer sink = ByteBuffer.allocate(size);
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < 200 && !(finished(client) && finished(server)); step++) {
            advance(client, toClient, toServer, sink);
            advance(server, toServer, toClient, sink);
        }
        assertThat(finished(client) && finished(server)).as("both handshakes finished").isTrue();
    }

    private static boolean finished(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || status == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void advance(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer sink) throws Exception {
        switch (engine.getHandshakeStatus()) {
            case NEED_TASK -> {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            }
            case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                engine.unwrap(in, sink);
                in.compact();
                sink.clear();
            }
            default -> {
            }
        }
    }
}
