package dev.certmagic.autoconfigure.web.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * The ClientHello reader on what a real TLS client sends (the JDK's engine, TLS 1.3 and 1.2), and on malformed
 * input from the network, which must read as "nothing offered" and never throw.
 */
class ClientHelloTest {

    /** Record header (5 bytes) and handshake header (4 bytes) precede the body Netty hands over. */
    private static final int HEADERS = 9;

    @Test
    void readsTheServerNameAndTheOfferedProtocolsOfARealClientHello() throws Exception {
        ByteBuf body = clientHelloBody("shop.example.com", "h2", "http/1.1", "acme-tls/1");

        ClientHello hello = ClientHello.parse(body);

        assertThat(hello.serverName()).isEqualTo("shop.example.com");
        assertThat(hello.applicationProtocols()).containsExactly("h2", "http/1.1", "acme-tls/1");
        assertThat(hello.offers("acme-tls/1")).isTrue();
        assertThat(body.readerIndex()).as("the buffer is left as it was").isZero();
    }

    @Test
    void aClientHelloWithoutSniOrAlpnReadsAsNothingOffered() throws Exception {
        ClientHello hello = ClientHello.parse(clientHelloBody(null));

        assertThat(hello.serverName()).isNull();
        assertThat(hello.applicationProtocols()).isEmpty();
    }

    @Test
    void truncatedOrRandomBytesReadAsNothingOfferedWithoutThrowing() throws Exception {
        ByteBuf real = clientHelloBody("shop.example.com", "h2");
        byte[] bytes = new byte[real.readableBytes()];
        real.getBytes(0, bytes);
        for (int length = 0; length < bytes.length; length += 7) {
            ClientHello hello = ClientHello.parse(Unpooled.wrappedBuffer(Arrays.copyOf(bytes, length)));
            assertThat(hello.serverName()).as("cut at %d", length).isIn(null, "shop.example.com");
        }
        Random random = new Random(17);
        for (int i = 0; i < 1000; i++) {
            byte[] noise = new byte[random.nextInt(600)];
            random.nextBytes(noise);
            ClientHello.parse(Unpooled.wrappedBuffer(noise));
        }
        assertThat(ClientHello.parse(null)).isEqualTo(ClientHello.EMPTY);
    }

    private static ByteBuf clientHelloBody(String serverName, String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        parameters.setApplicationProtocols(protocols);
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] record = new byte[out.remaining()];
        out.get(record);
        assertThat(record[0]).as("a handshake record").isEqualTo((byte) 22);
        assertThat(record[5]).as("a ClientHello").isEqualTo((byte) 1);
        return Unpooled.wrappedBuffer(Arrays.copyOfRange(record, HEADERS, record.length));
    }
}
