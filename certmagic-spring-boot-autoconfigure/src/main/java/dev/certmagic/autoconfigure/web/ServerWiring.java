package dev.certmagic.autoconfigure.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which web servers certmagic's customizers actually wired (HTTPS from the manager on {@code server.port}, the
 * plain-HTTP connector for HTTP-01), so that a server they did not wire — reactive Tomcat or Jetty, a server whose
 * certmagic customizer was replaced — is caught at startup instead of serving plain HTTP while certificates are
 * ordered that nothing can validate.
 */
public final class ServerWiring {

    /** Tomcat, as recorded by the Tomcat customizer and recognised in the running server. */
    public static final String TOMCAT = "Tomcat";

    /** Jetty, as recorded by the Jetty customizer and recognised in the running server. */
    public static final String JETTY = "Jetty";

    /** Reactor Netty (WebFlux), as recorded by the Netty customizer and recognised in the running server. */
    public static final String NETTY = "Reactor Netty";

    private final Set<String> wired = ConcurrentHashMap.newKeySet();

    /**
     * Records that a customizer wired a server factory.
     *
     * @param server {@link #TOMCAT}, {@link #JETTY} or {@link #NETTY}
     */
    public void wired(String server) {
        wired.add(server);
    }

    /**
     * Tells whether the running server is one certmagic wired.
     *
     * @param webServer the running server (Boot's {@code WebServer}), by its class
     * @return {@code true} for Tomcat, Jetty or Reactor Netty whose certmagic customizer ran
     */
    public boolean isWired(Object webServer) {
        String server = family(webServer);
        return server != null && wired.contains(server);
    }

    /**
     * Names the server for a startup failure.
     *
     * @param webServer the running server
     * @return e.g. {@code Reactor Netty (org.springframework.boot.reactor.netty.NettyWebServer)}
     */
    public static String describe(Object webServer) {
        String type = webServer.getClass().getName();
        String family = family(webServer);
        if (family == null && type.contains(".netty.")) {
            family = NETTY;
        }
        return (family != null ? family + " " : "") + "(" + type + ")";
    }

    private static String family(Object webServer) {
        // Boot's servlet servers subclass the plain ones (JettyServletWebServer extends JettyWebServer), so the
        // family is found along the superclasses; by name, because either server may be absent.
        for (Class<?> type = webServer.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("org.springframework.boot.tomcat.TomcatWebServer")) {
                return TOMCAT;
            }
            if (type.getName().equals("org.springframework.boot.jetty.JettyWebServer")) {
                return JETTY;
            }
            if (type.getName().equals("org.springframework.boot.reactor.netty.NettyWebServer")) {
                return NETTY;
            }
        }
        return null;
    }
}
