package dev.certmagic.autoconfigure;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

import dev.certmagic.CertificateManager;
import dev.certmagic.acme.challenge.Http01Responder;
import dev.certmagic.autoconfigure.web.AcmeHttpChallengeFilter;
import dev.certmagic.autoconfigure.web.CertMagicFilters;
import dev.certmagic.autoconfigure.web.HttpListener;
import dev.certmagic.autoconfigure.web.HttpsRedirectFilter;
import dev.certmagic.autoconfigure.web.PlainHttpNotFoundFilter;
import dev.certmagic.autoconfigure.web.ServerWiring;
import dev.certmagic.autoconfigure.web.jetty.JettyCertMagicCustomizer;
import dev.certmagic.autoconfigure.web.netty.CertificateSelector;
import dev.certmagic.autoconfigure.web.netty.NettyCertMagicCustomizer;
import dev.certmagic.autoconfigure.web.netty.NettyPlainHttpServer;
import dev.certmagic.autoconfigure.web.netty.NettyTlsEngine;
import dev.certmagic.autoconfigure.web.tomcat.TomcatCertMagicCustomizer;
import dev.certmagic.autoconfigure.web.tomcat.TomcatTlsEngine;
import dev.certmagic.acme.challenge.ChallengeSolver;
import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.JndiTxtLookup;
import dev.certmagic.dns.TxtLookup;
import dev.certmagic.event.CertificateEventListener;
import dev.certmagic.issuance.Issuer;
import dev.certmagic.ondemand.OnDemandDecision;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;
import dev.certmagic.tls.MissingCertificateHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Automatic HTTPS: a {@link CertificateManager} built from {@code certmagic.*} (with {@code certmagic.domains}, its
 * ACME account is prepared in the background right away), started after the web server listens, served on
 * Tomcat's or Jetty's main connector or Reactor Netty's server, with a plain-HTTP port for HTTP-01 and redirects.
 * Every core collaborator ({@link Storage}, {@link DnsProvider}, {@link TxtLookup}, {@link Issuer},
 * {@link MissingCertificateHandler}, {@link CertificateEventListener}s, a {@link Clock}) can be declared as a bean;
 * an {@link OnDemandDecision} bean decides which names get certificates when {@code certmagic.on-demand.enabled}.
 * Storage is a folder ({@code certmagic.storage.type=file}, the default) or, for a cluster, a database
 * ({@code jdbc}, with certmagic-storage-jdbc). Backs off when {@code certmagic.enabled=false} or when there is
 * nothing to serve.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.availability."
        + "ApplicationAvailabilityAutoConfiguration")
@ConditionalOnBooleanProperty(name = "certmagic.enabled", matchIfMissing = true)
@Conditional(CertMagicNamesCondition.class)
@EnableConfigurationProperties(CertMagicProperties.class)
public final class CertMagicAutoConfiguration {

    CertMagicAutoConfiguration() {
    }

    /** The manager closes its storage, so the context must not close it a second time. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean({ Storage.class, CertificateManager.class })
    @ConditionalOnProperty(prefix = "certmagic.storage", name = "type", havingValue = "file", matchIfMissing = true)
    FileStorage certMagicStorage(CertMagicProperties properties, ObjectProvider<Clock> clock) {
        Path root = properties.getStorage().getPath() != null ? properties.getStorage().getPath()
                : FileStorage.defaultRoot();
        FileStorage storage = FileStorage.builder(root).clock(clock.getIfAvailable(Clock::systemUTC)).build();
        CertMagicSettingsValidator.checkStoragePath(storage);
        return storage;
    }

    @Bean
    SpringEventBridge certMagicSpringEventBridge(ApplicationEventPublisher publisher) {
        return new SpringEventBridge(publisher);
    }

    @Bean
    @ConditionalOnMissingBean
    CertificateManager certificateManager(CertMagicProperties properties, Environment environment,
            ResourceLoader resourceLoader, Storage storage, ObjectProvider<Clock> clock,
            ObjectProvider<DnsProvider> dnsProvider, ObjectProvider<TxtLookup> txtLookup,
            ObjectProvider<MissingCertificateHandler> missingCertificateHandler, ObjectProvider<Issuer> issuer,
            ObjectProvider<CertificateEventListener> listeners, ObjectProvider<OnDemandDecision> onDemandDecision,
            ObjectProvider<CertificateManagerBuilderCustomizer> managerCustomizers,
            ObjectProvider<AcmeIssuerBuilderCustomizer> acmeCustomizers,
            @Qualifier(CertMagicDnsAutoConfiguration.SOLVER_BEAN) ObjectProvider<ChallengeSolver> dnsSolver) {
        CertMagicSettingsValidator.checkServerSsl(environment);
        Issuer customIssuer = issuer.getIfUnique();
        CertMagicSettingsValidator.checkMustStaple(properties);
        if (customIssuer == null && CertificateManagerFactory.needsCa(properties)) {
            // Only unmanaged certificates: no CA is ever asked, so its settings do not matter.
            CertMagicSettingsValidator.checkIssuerChain(properties, environment);
            CertMagicSettingsValidator.checkAcme(properties, dnsProvider.getIfUnique() != null);
        }
        CertificateManager manager = new CertificateManagerFactory(properties, resourceLoader).build(
                new CertificateManagerFactory.Collaborators(storage, clock.getIfAvailable(Clock::systemUTC),
                        dnsProvider.getIfUnique(), txtLookup.getIfAvailable(() -> new JndiTxtLookup("")),
                        missingCertificateHandler.getIfUnique(), customIssuer, listeners.orderedStream().toList(),
                        onDemandDecision.getIfAvailable(), managerCustomizers.orderedStream().toList(),
                        acmeCustomizers.orderedStream().toList(), dnsSolver.getIfAvailable()));
        if (!properties.getDomains().isEmpty()) {
            // The account is ready while the rest of the context starts, so the first order after the server
            // listens does not wait for it. On-demand-only applications ask the CA only when a handshake does.
            manager.prepareAsync();
        }
        return manager;
    }

    @Bean
    CertificateReadiness certMagicReadiness(CertificateManager manager, CertMagicProperties properties,
            ApplicationEventPublisher publisher, ObjectProvider<Clock> clock) {
        return new CertificateReadiness(manager, properties.getDomains(), publisher,
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    CertMagicLifecycle certMagicLifecycle(CertificateManager manager, CertMagicProperties properties,
            CertificateReadiness readiness, ApplicationContext context) {
        CertMagicLifecycle lifecycle = new CertMagicLifecycle(manager, properties.getDomains(), readiness);
        NoWebServerWarning.logIfNeeded(context, properties);
        return lifecycle;
    }

    @Bean
    ServerWiring certMagicServerWiring() {
        return new ServerWiring();
    }

    static HttpListener httpListener(CertMagicProperties properties, Environment environment) {
        InetAddress address = Binder.get(environment).bind("server.address", InetAddress.class).orElse(null);
        return new HttpListener(properties.getHttp().getPort(), address);
    }

    /** The public HTTPS port written into redirects: certmagic.http.redirect-port, else server.port. */
    static int redirectPort(CertMagicProperties properties, Environment environment) {
        Integer redirectPort = properties.getHttp().getRedirectPort();
        if (redirectPort == null) {
            int serverPort = environment.getProperty("server.port", Integer.class, 8080);
            // An ephemeral server.port (0) is unknown here; 443 is what clients behind a proxy use.
            redirectPort = serverPort > 0 ? serverPort : 443;
        }
        return redirectPort;
    }

    /** Whatever server Boot starts, one certmagic did not wire fails the startup (see UnwiredServerCheck). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.web.server.context.WebServerInitializedEvent")
    static class ServerWiringCheckConfiguration {

        @Bean
        UnwiredServerCheck certMagicUnwiredServerCheck(ServerWiring wiring, CertMagicProperties properties) {
            return new UnwiredServerCheck(wiring, properties.getDomains(), properties.getOnDemand().isEnabled());
        }
    }

    /** Cluster storage in the database: certmagic-storage-jdbc is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.certmagic.storage.jdbc.JdbcStorage")
    @ConditionalOnProperty(prefix = "certmagic.storage", name = "type", havingValue = "jdbc")
    static class JdbcStorageConfiguration {

        /** Closed by the context (its own pool only), after the manager that depends on it released its locks. */
        @Bean
        @ConditionalOnMissingBean({ Storage.class, CertificateManager.class })
        JdbcConnections certMagicJdbcConnections(CertMagicProperties properties,
                ObjectProvider<DataSource> dataSource) {
            return JdbcConnections.choose(properties.getStorage().getJdbc(), dataSource.getIfUnique());
        }

        /** The manager closes its storage (and stops the lock heartbeat), so the context must not. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean({ Storage.class, CertificateManager.class })
        Storage certMagicJdbcStorage(CertMagicProperties properties, JdbcConnections connections) {
            return new JdbcStorageFactory(properties.getStorage().getJdbc()).build(connections.dataSource());
        }
    }

    /** {@code certmagic.storage.type=jdbc} without certmagic-storage-jdbc: fail at startup, saying what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.certmagic.storage.jdbc.JdbcStorage")
    @ConditionalOnProperty(prefix = "certmagic.storage", name = "type", havingValue = "jdbc")
    static class MissingJdbcStorageConfiguration {

        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean({ Storage.class, CertificateManager.class })
        Storage certMagicJdbcStorage() {
            throw new CertMagicConfigurationException(
                    "certmagic.storage.type=jdbc, but certmagic-storage-jdbc is not on the class path.",
                    "Add the dependency dev.certmagic:certmagic-storage-jdbc (and your database's JDBC driver), "
                            + "or remove certmagic.storage.type to keep certificates in files.");
        }
    }

    /**
     * The HTTP-01 filter and the HTTPS redirect, on any servlet container; with the redirect off, a 404 for every
     * other plain-HTTP request instead ({@code certmagic.http.serve-application=true} serves the application).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({ FilterRegistrationBean.class, jakarta.servlet.http.HttpFilter.class })
    static class ServletFiltersConfiguration {

        @Bean
        FilterRegistrationBean<AcmeHttpChallengeFilter> certMagicAcmeHttpChallengeFilter(
                ObjectProvider<CertificateManager> manager) {
            return CertMagicFilters.challengeFilter((host, token) -> manager.getObject().httpChallenges()
                    .respond("GET", host, Http01Responder.PATH_PREFIX + token));
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "certmagic.http.redirect", matchIfMissing = true)
        FilterRegistrationBean<HttpsRedirectFilter> certMagicHttpsRedirectFilter(CertMagicProperties properties,
                Environment environment) {
            return CertMagicFilters.redirectFilter(redirectPort(properties, environment));
        }

        /** Without the redirect, plain HTTP carries challenges only, unless the user serves the app on purpose. */
        @Bean
        @ConditionalOnProperty(prefix = "certmagic.http", name = "redirect", havingValue = "false")
        @ConditionalOnBooleanProperty(prefix = "certmagic.http", name = "serve-application", havingValue = false,
                matchIfMissing = true)
        FilterRegistrationBean<PlainHttpNotFoundFilter> certMagicPlainHttpNotFoundFilter() {
            return CertMagicFilters.plainHttpNotFoundFilter();
        }
    }

    /**
     * Tomcat 11: certmagic's TLS context on the main connector (JSSE, or BoringSSL through Conscrypt with
     * {@code certmagic.tls.provider=boringssl}), plus the plain-HTTP connector.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = { "org.apache.catalina.startup.Tomcat",
            "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory" })
    static class TomcatConfiguration {

        @Bean
        TomcatCertMagicCustomizer certMagicTomcatCustomizer(ObjectProvider<CertificateManager> manager,
                CertMagicProperties properties, Environment environment, ServerWiring wiring,
                ResourceLoader resourceLoader) {
            TomcatTlsEngine engine = TomcatTlsEngine.resolve(properties.getTls().getProvider().name(),
                    properties.getOcsp().isStapling(), resourceLoader.getClassLoader());
            Supplier<SSLContext> context = engine == TomcatTlsEngine.CONSCRYPT
                    ? TomcatCertMagicCustomizer.conscryptContext(() -> manager.getObject().keyManager())
                    : () -> manager.getObject().sslContext();
            return new TomcatCertMagicCustomizer(context, engine, httpListener(properties, environment),
                    () -> wiring.wired(ServerWiring.TOMCAT));
        }
    }

    /** Jetty 12: certmagic's TLS context on the main connector, plus the plain-HTTP connector. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = { "org.eclipse.jetty.server.Server",
            "org.springframework.boot.jetty.servlet.JettyServletWebServerFactory" })
    static class JettyConfiguration {

        @Bean
        JettyCertMagicCustomizer certMagicJettyCustomizer(ObjectProvider<CertificateManager> manager,
                CertMagicProperties properties, Environment environment, ServerWiring wiring) {
            return new JettyCertMagicCustomizer(() -> manager.getObject().sslContext(),
                    httpListener(properties, environment), () -> wiring.wired(ServerWiring.JETTY));
        }
    }

    /**
     * Reactor Netty (WebFlux): the certificate chosen per ClientHello on server.port (JDK or BoringSSL TLS,
     * {@code certmagic.tls.provider}), plus a plain-HTTP server for HTTP-01 and redirects.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = { "reactor.netty.http.server.HttpServer",
            "org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory" })
    static class NettyConfiguration {

        @Bean
        CertificateSelector certMagicNettyCertificateSelector(ObjectProvider<CertificateManager> manager,
                CertMagicProperties properties, Environment environment) {
            io.netty.handler.ssl.SslProvider provider;
            try {
                provider = NettyTlsEngine.resolve(properties.getTls().getProvider().name());
            } catch (IllegalStateException e) {
                throw new CertMagicConfigurationException(e.getMessage(), "Add the dependency "
                        + "io.netty:netty-tcnative-boringssl-static (classifier linux-x86_64, or your platform's), or "
                        + "set " + NettyTlsEngine.PROPERTY + "=auto (BoringSSL when present) or jdk.");
            }
            return new CertificateSelector(manager::getObject, provider,
                    environment.getProperty("server.http2.enabled", Boolean.class, false),
                    properties.getOcsp().isStapling());
        }

        @Bean
        NettyCertMagicCustomizer certMagicNettyCustomizer(CertificateSelector selector, ServerWiring wiring) {
            return new NettyCertMagicCustomizer(selector, () -> wiring.wired(ServerWiring.NETTY));
        }

        @Bean
        NettyPlainHttpServer certMagicNettyPlainHttpServer(ObjectProvider<CertificateManager> manager,
                CertMagicProperties properties, Environment environment) {
            int redirectPort = properties.getHttp().isRedirect() ? redirectPort(properties, environment) : -1;
            return new NettyPlainHttpServer(httpListener(properties, environment), (host, token) -> manager
                .getObject().httpChallenges().respond("GET", host, Http01Responder.PATH_PREFIX + token), redirectPort);
        }
    }
}
