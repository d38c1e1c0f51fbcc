package dev.certmagic.bench.openssl;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Benchmark helper only (loaded by benchmarks/load/openssl.sh through the Boot loader's loader.path, never part
 * of the product): switches the HTTPS connector that Boot builds from {@code server.ssl.*} to Tomcat's OpenSSL
 * implementation over the JDK's FFM API, so that the same application, certificate and settings can be
 * measured on JSSE and on OpenSSL.
 */
@AutoConfiguration
public class BenchTomcatOpenSsl {

    /** Tomcat's FFM OpenSSL implementation, named so this class also compiles and loads without it. */
    static final String IMPLEMENTATION = "org.apache.tomcat.util.net.openssl.panama.OpenSSLImplementation";

    /**
     * Sets the SSL implementation of every connector; the OpenSSL library is initialized by the first
     * OpenSSL context (Boot 4 has no hook for server lifecycle listeners).
     *
     * @return the customizer
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> benchTomcatOpenSsl() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("sslImplementationName", IMPLEMENTATION));
    }
}
