package dev.certmagic.autoconfigure.web.netty;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.HostNames;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.ChallengeCertificate;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.HandshakeResult;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the Netty {@link SslContext} for a ClientHello, with the manager's own selection rules (those of
 * {@link SniKeyManager}): {@code acme-tls/1} offered and a challenge pending for exactly that SNI name → the
 * challenge certificate; otherwise the cached certificate for the name (exact, then wildcard), then storage,
 * on-demand issuance and the default server name.
 *
 * <p>Two speeds, so that an event-loop thread never waits: {@link #now} answers from the cache and from contexts
 * already built, without I/O or locks; when it cannot, {@link #later} runs the full selection (which may read
 * storage, wait for an on-demand order, or build a context) on a small pool of its own. The pool is bounded
 * (threads and queue): a flood of names that all need the slow path is refused beyond that, handshake by
 * handshake, while cached names keep being served on the event loops.
 *
 * <p>ECDSA is preferred when a name has certificates of both key types: one context serves one certificate, and
 * every client certmagic's suites admit speaks ECDSA.
 */
public final class CertificateSelector implements AutoCloseable {

    private static final String[] KEY_TYPES = {"EC", "RSA"};

    private static final int THREADS = 32;

    private static final int QUEUE = 1024;

    private final Supplier<CertificateManager> manager;

    private final CertificateSslContexts contexts;

    private final ExecutorService slowPath;

    private final boolean http2;

    private final NettyOcspStapling stapling;

    private volatile @Nullable SniKeyManager keyManager;

    /**
     * Creates the selector.
     *
     * @param manager supplies the certificate manager, asked at the first handshake (the manager may be created
     *     after the web server factory is customized)
     * @param provider the TLS implementation, from {@link NettyTlsEngine#resolve}
     * @param http2 whether ALPN offers {@code h2}
     */
    public CertificateSelector(Supplier<CertificateManager> manager, io.netty.handler.ssl.SslProvider provider,
            boolean http2) {
        this(manager, provider, http2, false);
    }

    /**
     * Creates the selector, with or without OCSP stapling.
     *
     * @param manager supplies the certificate manager, asked at the first handshake (the manager may be created
     *     after the web server factory is customized)
     * @param provider the TLS implementation, from {@link NettyTlsEngine#resolve}
     * @param http2 whether ALPN offers {@code h2}
     * @param ocspStapling {@code certmagic.ocsp.stapling}: staple the manager's validated OCSP responses
     */
    public CertificateSelector(Supplier<CertificateManager> manager, io.netty.handler.ssl.SslProvider provider,
            boolean http2, boolean ocspStapling) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.stapling = new NettyOcspStapling(manager, provider, ocspStapling);
        this.contexts = new CertificateSslContexts(provider, http2, stapling.contextsNeedOcsp());
        this.http2 = http2;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE), daemonThreads());
        pool.allowCoreThreadTimeOut(true);
        this.slowPath = pool;
    }

    /**
     * Returns the TLS implementation of the contexts this selector builds.
     *
     * @return {@code OPENSSL} (BoringSSL) or {@code JDK}
     */
    public io.netty.handler.ssl.SslProvider provider() {
        return contexts.provider();
    }

    /**
     * Tells whether the contexts offer {@code h2} by ALPN ({@code server.http2.enabled}).
     *
     * @return {@code true} for HTTP/2 and HTTP/1.1, {@code false} for HTTP/1.1 only
     */
    public boolean http2() {
        return http2;
    }

    /**
     * Answers from what is already in memory, without waiting: for the event loop.
     *
     * @param hello the parsed ClientHello
     * @return the context, or {@code null} when {@link #later} must decide
     */
    @Nullable SslContext now(ClientHello hello) {
        if (hello.offers(ApplicationProtocols.ACME_TLS_1)) {
            // Rare (a CA's validator): always decided on the slow path, where the challenge context is built.
            return null;
        }
        SniKeyManager selection = keyManager();
        for (String keyType : KEY_TYPES) {
            String alias = selection.selectCachedAlias(keyType, hello.serverName());
            if (alias != null) {
                return contexts.cached(alias);
            }
        }
        return null;
    }

    /**
     * Runs the full selection off the event loop.
     *
     * @param hello the parsed ClientHello
     * @return completes with the context, or with {@code null} when no certificate fits (the handshake fails);
     *     fails when the pool refused the work
     */
    CompletableFuture<@Nullable SslContext> later(ClientHello hello) {
        try {
            return CompletableFuture.supplyAsync(() -> select(hello), slowPath);
        } catch (RejectedExecutionException e) {
            // The pool and its queue are full (or closed): this handshake is refused, the event loop goes on.
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Prepares a new engine of a context this selector returned: sets its certificate's current OCSP staple
     * (BoringSSL with stapling on). On the event loop: reads memory only.
     *
     * @param context the context the engine was created from
     * @param engine the new engine, before its handshake
     */
    void prepare(SslContext context, SSLEngine engine) {
        stapling.attach(engine, contexts.aliasOf(context));
    }

    /**
     * Stops the slow-path pool; handshakes waiting in it fail.
     */
    @Override
    public void close() {
        slowPath.shutdownNow();
    }

    private @Nullable SslContext select(ClientHello hello) {
        try {
            stapling.beforeContexts();
            if (hello.offers(ApplicationProtocols.ACME_TLS_1)) {
                return challengeContext(hello.serverName());
            }
            SniKeyManager selection = keyManager();
            String alias = selection.selectAlias(KEY_TYPES[0], hello.serverName(), null);
            for (int i = 1; alias == null && i < KEY_TYPES.length; i++) {
                // The full selection (storage, on-demand) ran once above; other key types only read the cache,
                // so that a denied or undecided name does not wait for the on-demand gate twice.
                alias = selection.selectCachedAlias(KEY_TYPES[i], hello.serverName());
                if (alias == null) {
                    alias = selection.selectCachedAlias(KEY_TYPES[i], null);
                }
            }
            return alias == null ? null : contexts.forAlias(alias, selection);
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private @Nullable SslContext challengeContext(@Nullable String serverName) throws SSLException {
        String name = HostNames.normalize(serverName);
        if (name == null) {
            return null;
        }
        ChallengeCertificates pending = manager.get().challengeCertificates();
        ChallengeCertificate challenge = pending.forName(name);
        // A validator asking for a name without a pending challenge gets nothing: never a real certificate.
        if (challenge == null) {
            return null;
        }
        keyManager().counters().increment(HandshakeResult.CHALLENGE);
        return contexts.forChallenge(challenge, pending);
    }

    private SniKeyManager keyManager() {
        SniKeyManager current = keyManager;
        if (current == null) {
            current = (SniKeyManager) manager.get().keyManager();
            keyManager = current;
        }
        return current;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return (task) -> {
            Thread thread = new Thread(task, "certmagic-netty-select-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
