package dev.certmagic.autoconfigure.web.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Ends a TLS-ALPN-01 validation connection once its handshake is over: the CA only looks at the certificate
 * (RFC 8737 section 3), and nothing after the handshake is HTTP, so the handshake event is not passed on to
 * Reactor Netty's HTTP handlers (its ALPN negotiation would reject {@code acme-tls/1} with an error log per
 * validation) and any data is dropped.
 */
final class AcmeTlsConnectionCloser extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ReferenceCountUtil.release(message);
        ctx.close();
    }
}
