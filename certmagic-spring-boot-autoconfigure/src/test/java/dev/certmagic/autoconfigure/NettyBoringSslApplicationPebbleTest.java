package dev.certmagic.autoconfigure;

import dev.certmagic.testsupport.Pebble;
import dev.certmagic.testsupport.WithPebble;
import io.netty.handler.ssl.SslProvider;

/**
 * The WebFlux application on Reactor Netty with BoringSSL ({@code certmagic.tls.provider=boringssl}, from
 * netty-tcnative-boringssl-static) against Pebble: the same scenarios as with the JDK's TLS.
 */
@WithPebble(authzReuse = 0)
class NettyBoringSslApplicationPebbleTest extends NettyApplicationPebbleTest {

    static Pebble pebble;

    @Override
    Pebble pebble() {
        return pebble;
    }

    @Override
    String tlsProvider() {
        return "boringssl";
    }

    @Override
    SslProvider expectedEngine() {
        return SslProvider.OPENSSL;
    }
}
