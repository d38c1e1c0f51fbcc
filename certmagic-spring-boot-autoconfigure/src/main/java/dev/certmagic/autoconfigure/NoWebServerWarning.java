package dev.certmagic.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * What certmagic does in an application without a web server ({@code spring.main.web-application-type=none}, or
 * none on the classpath) that asks it to manage names: it runs, with one WARN line. Boot ignores {@code server.*}
 * settings when there is no web server rather than refusing to start, and the manager bean has uses there (the
 * application's own TLS server through {@code sslContext()} and {@code httpChallenges()}, or DNS-01 with a
 * {@code DnsProvider}); but the user must know that certmagic itself answers no validation.
 */
final class NoWebServerWarning {

    private static final Logger LOG = LoggerFactory.getLogger(NoWebServerWarning.class);

    private static final String WEB_SERVER_CONTEXT =
            "org.springframework.boot.web.server.context.WebServerApplicationContext";

    private NoWebServerWarning() {
    }

    static void logIfNeeded(ApplicationContext context, CertMagicProperties properties) {
        boolean managesNames = !properties.getDomains().isEmpty() || properties.getOnDemand().isEnabled();
        if (!managesNames || runsWebServer(context)) {
            return;
        }
        LOG.warn("certmagic: this application runs no web server, so certmagic answers no HTTP-01 or TLS-ALPN-01 "
                + "validation itself. Certificates for {} are obtained only if the application serves the "
                + "CertificateManager bean's challenges (httpChallenges(), sslContext()) or a DnsProvider bean "
                + "solves DNS-01. Set certmagic.enabled=false if certmagic is not wanted here.",
                properties.getDomains().isEmpty() ? "on-demand names"
                        : CertMagicLifecycle.describe(properties.getDomains()));
    }

    private static boolean runsWebServer(ApplicationContext context) {
        ClassLoader loader = context.getClassLoader();
        return ClassUtils.isPresent(WEB_SERVER_CONTEXT, loader)
                && ClassUtils.resolveClassName(WEB_SERVER_CONTEXT, loader).isInstance(context);
    }
}
