package dev.certmagic.autoconfigure.web.netty;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;

import dev.certmagic.tls.TlsDefaults;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.tcp.SslProvider;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Makes Reactor Netty's {@code server.port} an HTTPS server whose certificate certmagic chooses per ClientHello.
 * Reactor Netty is told the server is secure (so it speaks {@code h2} over TLS when HTTP/2 is on, and requests
 * carry the {@code https} scheme) through an SNI configuration, which makes it add a lightweight SNI handler and
 * no TLS engine; each new connection's pipeline then gets {@link CertMagicClientHelloHandler} in that handler's
 * place, under the same name, so everything Reactor Netty adds around TLS (its read handler, the ALPN
 * negotiation of {@code h2}) keeps working unchanged.
 */
final class NettyHttpsServerCustomizer implements NettyServerCustomizer {

    /** Reactor Netty's default handshake timeout: the ClientHello must arrive within it too. */
    private static final Duration CLIENT_HELLO_TIMEOUT = Duration.ofSeconds(10);

    private final CertificateSelector selector;

    private final boolean http2;

    /**
     * Creates the customizer.
     *
     * @param selector chooses the certificate's context per connection
     * @param http2 whether {@code h2} is served (ALPN), beside HTTP/1.1
     */
    NettyHttpsServerCustomizer(CertificateSelector selector, boolean http2) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.http2 = http2;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        SslContext placeholder = placeholderContext();
        HttpServer secured = server
            .secure((spec) -> spec.sslContext(placeholder).setSniAsyncMappings((name, promise) ->
                    // Never asked while certmagic's handler takes the SNI handler's place; should it be, no
                    // connection is ever served with a certificate certmagic did not choose.
                    promise.setFailure(new IllegalStateException("certmagic's ClientHello handler is missing"))))
            .protocol(http2 ? new HttpProtocol[] {HttpProtocol.H2, HttpProtocol.HTTP11}
                    : new HttpProtocol[] {HttpProtocol.HTTP11});
        // Reactor Netty's handshake and close-notify timeouts, applied to each SslHandler certmagic installs.
        SslProvider timeouts = Objects.requireNonNull(secured.configuration().sslProvider(), "sslProvider");
        return secured.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            ChannelHandler sni = pipeline.get(NettyPipeline.SslHandler);
            if (sni == null) {
                throw new IllegalStateException("Reactor Netty added no TLS handler to an HTTPS connection");
            }
            pipeline.replace(sni, NettyPipeline.SslHandler,
                    new CertMagicClientHelloHandler(selector, NettyPipeline.SslHandler, timeouts::configure,
                            CLIENT_HELLO_TIMEOUT));
        });
    }

    /**
     * Reactor Netty requires a default context even when SNI decides. This one never serves a handshake (the
     * handler that would use it is replaced on every connection) and holds no key: a JDK context over an empty
     * key store, built once per server.
     */
    private static SslContext placeholderContext() {
        try {
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(empty, new char[0]);
            return SslContextBuilder.forServer(keyManagers)
                .sslProvider(io.netty.handler.ssl.SslProvider.JDK)
                .protocols(TlsDefaults.PROTOCOLS)
                .build();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot create the placeholder TLS context: " + e.getMessage(), e);
        }
    }
}
