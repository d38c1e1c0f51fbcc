package dev.certmagic.internal.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.certmagic.certificate.KeyAlgorithm;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.tls.MissingCertificateHandler;

/**
 * Loads the certificates of managed names from storage into the cache, each name at most once, either in the
 * background (in parallel, never on the caller's thread) or on the spot when a handshake asks for a managed name
 * that is not cached yet (CertMagic's {@code CacheManagedCertificate} reached from the handshake). A restart with
 * many certificates in storage thus serves every name from the first handshake, whatever its place in the list.
 *
 * <p>One {@link Load} per name is shared by everyone who wants it: the first handshake or background worker to
 * claim it reads storage, the others wait for that result. A handshake claims a load still queued for the
 * background (it runs it at once on its own thread, at most {@link #HANDSHAKE_LOADS} at a time) and waits at most
 * {@link #HANDSHAKE_WAIT} for one running elsewhere; failing either, it gets no certificate, as it would have
 * before the load. Names that are not managed never reach storage this way, so a client's SNI cannot make it read
 * anything. A storage failure fails only that load (the entry is dropped, so a later attempt reads again) and
 * never throws into the handshake.
 */
public final class StoredCertificateLoader implements MissingCertificateHandler, AutoCloseable {

    /** How long a handshake waits for a load that another thread is running. */
    public static final Duration HANDSHAKE_WAIT = Duration.ofSeconds(5);

    /** Loads running on handshake threads at once; more handshakes queue their load or wait. */
    public static final int HANDSHAKE_LOADS = 16;

    /**
     * What one load found, without the certificate itself (finished loads are kept, and must not keep key
     * material alive after a renewal).
     *
     * @param served whether a stored certificate now serves the name from the cache
     * @param storedHash the hash of a stored certificate that must not serve (expired, not yet valid, revoked),
     *     or {@code null}
     */
    public record Loaded(boolean served, String storedHash) {

        public static final Loaded NOTHING = new Loaded(false, null);

        public static final Loaded SERVED = new Loaded(true, null);
    }

    /** The manager's side: reads one name from storage and caches what serves it. */
    @FunctionalInterface
    public interface Source {

        /**
         * Loads one name.
         *
         * @param name the normalized name
         * @param onHandshake whether a handshake thread is waiting: then nothing may wait on the network
         * @return what was found and cached
         * @throws IOException if storage failed
         */
        Loaded load(String name, boolean onHandshake) throws IOException;
    }

    private final CertificateCache cache;
    private final Set<String> managedNames;
    private final Source source;
    private final ConcurrentHashMap<String, Load> loads = new ConcurrentHashMap<>();
    private final Semaphore handshakeLoads = new Semaphore(HANDSHAKE_LOADS);
    private final ThreadPoolExecutor workers;
    private volatile boolean closed;

    /**
     * Creates the loader; its threads start with the first background load.
     *
     * @param cache the cache handshakes read
     * @param managedNames the live set of managed names (normalized): only these are loaded for a handshake
     * @param source reads and caches one name
     */
    public StoredCertificateLoader(CertificateCache cache, Set<String> managedNames, Source source) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.managedNames = Objects.requireNonNull(managedNames, "managedNames");
        this.source = Objects.requireNonNull(source, "source");
        // Loading is CPU work (parsing, a key-pair check by signature) plus small reads: one thread per core.
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "certmagic-load-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    /**
     * Loads a name in the background, or joins the load already under way or done for it.
     *
     * @param name the normalized name
     * @return the result; fails with the storage's exception
     */
    public CompletableFuture<Loaded> load(String name) {
        Load load = loads.computeIfAbsent(name, Load::new);
        enqueue(load);
        return load.result;
    }

    /**
     * Runs follow-up work of a load made on a handshake thread (stapling, events) on the loader's threads.
     *
     * @param task the work; must not throw
     */
    public void afterHandshakeLoad(Runnable task) {
        if (!closed) {
            try {
                workers.execute(task);
            } catch (RejectedExecutionException e) {
                // Closed meanwhile: the follow-up work no longer matters.
            }
        }
    }

    /**
     * The handshake's view: a managed name not cached yet is loaded now (or its load awaited), then looked up
     * again. Never throws, never touches storage for a name that is not managed.
     *
     * @param name the normalized SNI name
     * @param keyType the key type the handshake asks for
     * @return the cached certificate for the name after its load, or {@code null}
     */
    @Override
    public @Nullable ManagedCertificate certificateFor(String name, KeyAlgorithm keyType) {
        if (closed || !managedNames.contains(name)) {
            return null;
        }
        Load load = loads.get(name);
        if (load == null) {
            load = loads.computeIfAbsent(name, Load::new);
        }
        CompletableFuture<Loaded> result = load.result;
        if (!result.isDone()) {
            if (handshakeLoads.tryAcquire()) {
                try {
                    run(load, true);
                } finally {
                    handshakeLoads.release();
                }
            } else {
                enqueue(load);
            }
            if (!awaited(result)) {
                return null;
            }
        }
        if (result.isCompletedExceptionally()) {
            return null;
        }
        return cache.select(name, keyType);
    }

    /** Stops the background loads; loads under way on handshake threads finish. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
    }

    private void enqueue(Load load) {
        if (load.result.isDone() || !load.queued.compareAndSet(false, true)) {
            return;
        }
        try {
            workers.execute(() -> run(load, false));
        } catch (RejectedExecutionException e) {
            fail(load, new IOException("The certificate manager is closed"));
        }
    }

    /** Reads storage for the load if nobody else claimed it; otherwise does nothing. */
    private void run(Load load, boolean onHandshake) {
        if (!load.claimed.compareAndSet(false, true)) {
            return;
        }
        try {
            Loaded loaded = source.load(load.name, onHandshake);
            load.result.complete(loaded == null ? Loaded.NOTHING : loaded);
        } catch (Exception | LinkageError e) {
            fail(load, e);
        }
    }

    private void fail(Load load, Throwable failure) {
        // Forget the failed load, so that a retry or a later handshake reads storage again.
        loads.remove(load.name, load);
        load.result.completeExceptionally(failure);
    }

    private static boolean awaited(CompletableFuture<Loaded> result) {
        try {
            result.get(HANDSHAKE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** One name's load: claimed by exactly one thread, its result shared by all. */
    private static final class Load {

        private final String name;
        private final CompletableFuture<Loaded> result = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final AtomicBoolean queued = new AtomicBoolean();

        Load(String name) {
            this.name = name;
        }
    }
}
