package dev.certmagic.autoconfigure.ssl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.certmagic.CertificateManager;
import dev.certmagic.autoconfigure.CertMagicAutoConfiguration;

/**
 * Publishes the managed certificates as Spring SSL bundles ({@link CertMagicSslBundles}) and lets
 * {@code server.ssl.bundle=certmagic} select certmagic for the web server.
 */
@AutoConfiguration(after = CertMagicAutoConfiguration.class,
        beforeName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar")
@ConditionalOnBean(CertificateManager.class)
public final class CertMagicSslBundleAutoConfiguration {

    CertMagicSslBundleAutoConfiguration() {
    }

    @Bean
    CertMagicSslBundles certMagicSslBundles(ObjectProvider<CertificateManager> manager) {
        return new CertMagicSslBundles(() -> manager.getObject().view().managedCertificates());
    }

    /** {@code server.ssl.bundle=certmagic}: the web server is certmagic's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication
    @ConditionalOnClass(name = "org.springframework.boot.web.server.ConfigurableWebServerFactory")
    @ConditionalOnProperty(name = "server.ssl.bundle", havingValue = CertMagicSslBundles.BUNDLE)
    static class ServerBundleConfiguration {

        @Bean
        ServerSslBundleCustomizer certMagicServerSslBundleCustomizer() {
            return new ServerSslBundleCustomizer();
        }
    }
}
