package dev.certmagic.autoconfigure.web.netty;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.certmagic.tls.ApplicationProtocols;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The first handler of every HTTPS connection: reads the ClientHello (SNI and ALPN), asks the
 * {@link CertificateSelector} for the certificate's {@link SslContext} — at once when it is cached, otherwise
 * asynchronously, with reads suspended meanwhile — then replaces itself with that context's {@link SslHandler},
 * which receives the buffered ClientHello and completes the handshake. The way Netty's own {@code SniHandler}
 * works, but with the ALPN offer visible, which TLS-ALPN-01 needs before the engine exists.
 *
 * <p>A client that has not sent its whole ClientHello within the ClientHello timeout is disconnected: no TLS engine
 * (and so no handshake timeout) exists yet to do it. The wait for the certificate itself is bounded by the
 * selection (the on-demand handshake timeout), not by this one.
 *
 * <p>No certificate (an unknown name without a default, a refused on-demand name, a validator without a pending
 * challenge) closes the connection: the client sees a failed handshake, as JSSE servers give it.
 */
final class CertMagicClientHelloHandler extends SslClientHelloHandler<SslContext> {

    private static final String ACME_TLS_HANDLER = "certmagic.acmeTlsCloser";

    private final CertificateSelector selector;

    private final String handlerName;

    private final Consumer<SslHandler> configurer;

    private final Duration clientHelloTimeout;

    private @Nullable ScheduledFuture<?> clientHelloDeadline;

    /**
     * Creates the handler for one connection.
     *
     * @param selector chooses the context
     * @param handlerName the pipeline name the {@link SslHandler} takes (this handler's own)
     * @param configurer applies the server's handshake and close-notify timeouts to the new {@link SslHandler}
     * @param clientHelloTimeout how long a connection may take to send its ClientHello
     */
    CertMagicClientHelloHandler(CertificateSelector selector, String handlerName, Consumer<SslHandler> configurer,
            Duration clientHelloTimeout) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.handlerName = Objects.requireNonNull(handlerName, "handlerName");
        this.configurer = Objects.requireNonNull(configurer, "configurer");
        this.clientHelloTimeout = Objects.requireNonNull(clientHelloTimeout, "clientHelloTimeout");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        clientHelloDeadline = ctx.executor().schedule(() -> {
            ctx.close();
        }, clientHelloTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.handlerRemoved0(ctx);
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        cancelDeadline();
        ClientHello hello = ClientHello.parse(clientHello);
        SslContext cached = selector.now(hello);
        if (cached != null) {
            return ctx.executor().newSucceededFuture(cached);
        }
        Promise<SslContext> promise = ctx.executor().newPromise();
        selector.later(hello).whenComplete((context, failure) -> {
            if (failure != null) {
                promise.tryFailure(failure);
            } else {
                promise.trySuccess(context);
            }
        });
        return promise;
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<SslContext> future) {
        SslContext context = future.getNow();
        if (!future.isSuccess() || context == null) {
            ctx.close();
            return;
        }
        SslHandler sslHandler = context.newHandler(ctx.alloc());
        selector.prepare(context, sslHandler.engine());
        configurer.accept(sslHandler);
        try {
            ctx.pipeline().replace(this, handlerName, sslHandler);
            if (context.applicationProtocolNegotiator().protocols().contains(ApplicationProtocols.ACME_TLS_1)) {
                ctx.pipeline().addAfter(handlerName, ACME_TLS_HANDLER, new AcmeTlsConnectionCloser());
            }
        } catch (RuntimeException e) {
            // The channel closed while the lookup ran: the engine was never used, release what it holds.
            io.netty.util.ReferenceCountUtil.safeRelease(sslHandler.engine());
            throw e;
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> deadline = clientHelloDeadline;
        if (deadline != null) {
            deadline.cancel(false);
            clientHelloDeadline = null;
        }
    }
}
