package dev.certmagic.autoconfigure;

import java.util.List;

import dev.certmagic.autoconfigure.web.ServerWiring;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Fails the startup when the application's main web server is not one certmagic wired while certmagic manages
 * names ({@code certmagic.domains} or on-demand TLS): such a server would serve {@code server.port} in plain HTTP
 * while the manager orders certificates that nothing answers the validation of. Runs when the server has started,
 * which is before the certificate lifecycle starts (the phase after the server's), so no order is placed. The
 * management server (its own namespace) is not checked: it is not where certificates are served.
 */
final class UnwiredServerCheck implements ApplicationListener<WebServerInitializedEvent> {

    private final ServerWiring wiring;

    private final List<String> managedNames;

    private final boolean onDemand;

    UnwiredServerCheck(ServerWiring wiring, List<String> managedNames, boolean onDemand) {
        this.wiring = wiring;
        this.managedNames = List.copyOf(managedNames);
        this.onDemand = onDemand;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null
                || (managedNames.isEmpty() && !onDemand) || wiring.isWired(event.getWebServer())) {
            return;
        }
        String what = managedNames.isEmpty() ? "names that arrive with handshakes (certmagic.on-demand.enabled)"
                : "certmagic.domains " + CertMagicLifecycle.describe(managedNames);
        throw new CertMagicConfigurationException("certmagic manages " + what + ", but the web server that "
                + "started, " + ServerWiring.describe(event.getWebServer()) + ", is not one certmagic wired: "
                + "server.port would serve plain HTTP, and no HTTP-01 or TLS-ALPN-01 validation could succeed, "
                + "so certmagic stopped the startup before ordering any certificate.",
                "certmagic supports the Tomcat and Jetty servlet servers (Spring MVC with "
                        + "spring-boot-starter-tomcat or spring-boot-starter-jetty) and Reactor Netty (WebFlux with "
                        + "spring-boot-starter-webflux); reactive Tomcat and Jetty are not supported. Keep certmagic's "
                        + "server customizer (certMagicTomcatCustomizer / certMagicJettyCustomizer / "
                        + "certMagicNettyCustomizer) in place. Or switch certmagic "
                        + "off with certmagic.enabled=false.");
    }
}
