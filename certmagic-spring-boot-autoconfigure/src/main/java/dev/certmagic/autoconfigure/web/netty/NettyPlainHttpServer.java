package dev.certmagic.autoconfigure.web.netty;

import java.time.Duration;
import java.util.Objects;

import dev.certmagic.autoconfigure.web.HttpChallengeResponder;
import dev.certmagic.autoconfigure.web.HttpListener;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The plain-HTTP port ({@code certmagic.http.port}) of a Reactor Netty application: a small Reactor Netty server of
 * its own (WebFlux has one server per application context), answering HTTP-01 validations and redirecting
 * everything else to HTTPS ({@link PlainHttpHandler}). Started and stopped with the web server: same lifecycle
 * phase, so it listens before the certificate lifecycle (the next phase) places the first order.
 */
public final class NettyPlainHttpServer implements SmartLifecycle {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final HttpListener listener;

    private final PlainHttpHandler handler;

    private volatile @Nullable DisposableServer server;

    /**
     * Creates the server (nothing listens until {@link #start()}).
     *
     * @param listener port and address; a disabled listener makes this a no-op
     * @param responder where pending HTTP-01 challenges are looked up
     * @param redirectPort the public HTTPS port written into redirects, or a negative number to answer
     *     {@code 404} instead of redirecting ({@code certmagic.http.redirect=false})
     */
    public NettyPlainHttpServer(HttpListener listener, HttpChallengeResponder responder, int redirectPort) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.handler = new PlainHttpHandler(responder, redirectPort);
    }

    /**
     * Binds the port.
     */
    @Override
    public void start() {
        if (!listener.enabled() || server != null) {
            return;
        }
        HttpServer http = HttpServer.create().port(listener.port());
        if (listener.address() != null) {
            http = http.host(listener.address().getHostAddress());
        }
        server = http.handle(handler::handle).bindNow();
    }

    /**
     * Closes the port.
     */
    @Override
    public void stop() {
        DisposableServer current = server;
        server = null;
        if (current != null) {
            current.disposeNow(STOP_TIMEOUT);
        }
    }

    /**
     * Tells whether the port is bound.
     *
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    @Override
    public boolean isRunning() {
        return server != null;
    }

    /**
     * Same phase as the web server's own start/stop lifecycle.
     *
     * @return {@link WebServerApplicationContext#START_STOP_LIFECYCLE_PHASE}
     */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE;
    }

    /**
     * Returns the port listened on, once started (tests bind port 0).
     *
     * @return the port, or {@code -1} when not listening
     */
    public int port() {
        DisposableServer current = server;
        return current == null ? -1 : current.port();
    }
}
