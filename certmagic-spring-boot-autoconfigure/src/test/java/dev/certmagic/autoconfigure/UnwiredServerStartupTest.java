package dev.certmagic.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.issuance.CertificateRequest;
import dev.certmagic.issuance.IssuanceException;
import dev.certmagic.issuance.IssuedCertificate;
import dev.certmagic.issuance.Issuer;

import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 17's rule, on real servers: whatever server Boot starts, certmagic never leaves {@code server.port} serving
 * plain HTTP while it manages names, and never orders what it cannot validate. A server certmagic did not wire
 * (reactive Tomcat or Jetty; Tomcat or Reactor Netty whose certmagic customizer the application replaced) fails the
 * startup with a failure analysis naming the server, before the issuer is ever asked for a certificate.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnwiredServerStartupTest {

    private static final String REACTIVE_TOMCAT = "org.springframework.boot.tomcat.autoconfigure.reactive."
            + "TomcatReactiveWebServerAutoConfiguration";

    private static final String REACTIVE_JETTY = "org.springframework.boot.jetty.autoconfigure.reactive."
            + "JettyReactiveWebServerAutoConfiguration";

    private static final String REACTIVE_NETTY = "org.springframework.boot.reactor.netty.autoconfigure."
            + "NettyReactiveWebServerAutoConfiguration";

    private static final String SERVLET_JETTY = "org.springframework.boot.jetty.autoconfigure.servlet."
            + "JettyServletWebServerAutoConfiguration";

    @TempDir
    Path storage;

    @BeforeEach
    void resetIssuer() {
        CountingIssuer.ISSUED.set(0);
    }

    @Test
    void aWebFluxApplicationOnReactiveTomcatWithDomainsFailsToStartAndOrdersNothing() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties(common("certmagic.domains=app.example.com",
                        "spring.autoconfigure.exclude=" + REACTIVE_NETTY + "," + REACTIVE_JETTY));

        CertMagicConfigurationException failure = startupFailure(application);

        assertThat(failure.getMessage()).contains("Tomcat").contains("TomcatWebServer")
                .contains("app.example.com").contains("plain HTTP");
        FailureAnalysis analysis = new CertMagicFailureAnalyzer().analyze(failure);
        assertThat(analysis.getAction()).contains("Tomcat and Jetty servlet servers").contains("Reactor Netty")
                .contains("certmagic.enabled=false");
        assertThat(CountingIssuer.ISSUED).as("no certificate was ever ordered").hasValue(0);
    }

    @Test
    void onDemandAloneOnReactiveJettyFailsToStartToo() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(App.class, AllowAll.class)
                .web(WebApplicationType.REACTIVE)
                .properties(common("certmagic.on-demand.enabled=true",
                        "spring.autoconfigure.exclude=" + REACTIVE_NETTY + "," + REACTIVE_TOMCAT));

        assertThat(startupFailure(application).getMessage()).contains("on-demand").contains("Jetty");
    }

    @Test
    void aReactorNettyApplicationWhoseCertmagicCustomizerWasReplacedFailsToStart() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(App.class, ReplacedNettyCustomizer.class)
                .web(WebApplicationType.REACTIVE)
                .properties(common("certmagic.domains=app.example.com",
                        "spring.autoconfigure.exclude=" + REACTIVE_TOMCAT + "," + REACTIVE_JETTY));

        assertThat(startupFailure(application).getMessage()).contains("Reactor Netty").contains("NettyWebServer");
        assertThat(CountingIssuer.ISSUED).hasValue(0);
    }

    @Test
    void aReactorNettyApplicationWiredByCertmagicStarts() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties(common("certmagic.domains=app.example.com",
                        "spring.autoconfigure.exclude=" + REACTIVE_TOMCAT + "," + REACTIVE_JETTY)).run()) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void aTomcatApplicationWhoseCertmagicCustomizerWasReplacedFailsToStart() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(App.class, ReplacedCustomizer.class)
                .web(WebApplicationType.SERVLET)
                .properties(common("certmagic.domains=app.example.com",
                        "spring.autoconfigure.exclude=" + SERVLET_JETTY));

        assertThat(startupFailure(application).getMessage()).contains("Tomcat").contains("TomcatWebServer");
        assertThat(CountingIssuer.ISSUED).hasValue(0);
    }

    @Test
    void aTomcatApplicationWiredByCertmagicStarts() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.SERVLET)
                .properties(common("certmagic.domains=app.example.com",
                        "spring.autoconfigure.exclude=" + SERVLET_JETTY)).run()) {
            assertThat(context.isRunning()).isTrue();
        }
    }

    @Test
    void aNonWebApplicationWithDomainsStartsAndSaysThatNothingAnswersValidations(CapturedOutput output) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).properties(common("certmagic.domains=app.example.com")).run()) {
            assertThat(context.isRunning()).isTrue();
            assertThat(output).contains("this application runs no web server")
                    .contains("[app.example.com]").contains("DnsProvider");
        }
    }

    private String[] common(String... extra) {
        String[] base = { "spring.main.banner-mode=off", "server.address=127.0.0.1", "server.port=0",
            "certmagic.http.port=0", "certmagic.storage.path=" + storage };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    private static CertMagicConfigurationException startupFailure(SpringApplicationBuilder application) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> {
            try (ConfigurableApplicationContext context = application.run()) {
                // Started although it should not have: the assertion below reports it.
            }
        }).satisfies(failure -> thrown[0] = failure);
        for (Throwable cause = thrown[0]; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertMagicConfigurationException configuration) {
                return configuration;
            }
        }
        throw new AssertionError("The startup failed for another reason", thrown[0]);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        @Bean
        Issuer countingIssuer() {
            return new CountingIssuer();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AllowAll {

        @Bean
        dev.certmagic.ondemand.OnDemandDecision allowAll() {
            return name -> true;
        }
    }

    /** An application that switched certmagic's Tomcat customizer off (removed its bean definition). */
    @Configuration(proxyBeanMethods = false)
    static class ReplacedCustomizer {

        @Bean
        static BeanDefinitionRegistryPostProcessor removeCertMagicTomcatCustomizer() {
            return registry -> registry.removeBeanDefinition("certMagicTomcatCustomizer");
        }
    }

    /** An application that switched certmagic's Reactor Netty customizer off (removed its bean definition). */
    @Configuration(proxyBeanMethods = false)
    static class ReplacedNettyCustomizer {

        @Bean
        static BeanDefinitionRegistryPostProcessor removeCertMagicNettyCustomizer() {
            return registry -> registry.removeBeanDefinition("certMagicNettyCustomizer");
        }
    }

    /** Counts the certificates asked for; never issues one. */
    static final class CountingIssuer implements Issuer {

        static final AtomicInteger ISSUED = new AtomicInteger();

        @Override
        public String issuerKey() {
            return "counting";
        }

        @Override
        public IssuedCertificate issue(CertificateRequest request) throws IssuanceException {
            ISSUED.incrementAndGet();
            throw new IssuanceException("this test issuer never issues", false, null, null);
        }
    }
}
