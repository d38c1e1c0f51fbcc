package dev.certmagic.autoconfigure.web.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

/**
 * {@code certmagic.tls.provider} against what this JVM really has (netty-tcnative-boringssl-static is on the test
 * class path), and the refusal a JVM without BoringSSL gets.
 */
class NettyTlsEngineTest {

    @Test
    void autoChoosesBoringSslWhenNettyTcnativeLoads() {
        assertThat(NettyTlsEngine.boringSslAvailable()).as("netty-tcnative-boringssl-static loads here").isTrue();
        assertThat(NettyTlsEngine.resolve("auto")).isEqualTo(SslProvider.OPENSSL);
        assertThat(NettyTlsEngine.resolve("BoringSSL")).isEqualTo(SslProvider.OPENSSL);
        assertThat(NettyTlsEngine.resolve("jdk")).isEqualTo(SslProvider.JDK);
    }

    @Test
    void withoutNettyTcnativeAutoFallsBackToTheJdkAndBoringSslFailsNamingThePropertyAndTheFix() {
        assertThat(NettyTlsEngine.resolve("auto", false, false, () -> "absent")).isEqualTo(SslProvider.JDK);
        assertThatIllegalStateException()
            .isThrownBy(() -> NettyTlsEngine.resolve("boringssl", false, false, () -> "no netty-tcnative"))
            .withMessageContaining("certmagic.tls.provider=boringssl")
            .withMessageContaining("no netty-tcnative")
            .withMessageContaining("io.netty:netty-tcnative-boringssl-static");
    }
}
