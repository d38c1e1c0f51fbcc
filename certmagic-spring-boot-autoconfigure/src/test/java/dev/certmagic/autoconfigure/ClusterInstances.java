package dev.certmagic.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.certmagic.testsupport.Pebble;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts instances of the test application (Tomcat) that form one cluster: same PostgreSQL tables, same Pebble,
 * each on its own HTTPS and HTTP ports. Only the instance given Pebble's HTTP-01 port can be reached by the CA,
 * so a challenge of any other instance is answered through the shared storage. TLS-ALPN-01 is off, because a CA
 * validating it reaches a single HTTPS port too. Closes whatever it started.
 */
final class ClusterInstances implements AutoCloseable {

    private final Pebble pebble;
    private final ClusterDatabase database;
    private final Path trustPem;
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    ClusterInstances(Pebble pebble, ClusterDatabase database, Path scratch) throws IOException {
        this.pebble = pebble;
        this.database = database;
        this.trustPem = Files.write(scratch.resolve("pebble-listener-root.pem"), pebble.trustPem());
    }

    /**
     * Starts the instance that answers the CA's HTTP-01 validation requests.
     *
     * @param dataSource the application's DataSource bean, or {@code null} to use certmagic.storage.jdbc.url
     */
    ConfigurableApplicationContext startReachable(String domains, DataSource dataSource, String... extra)
            throws IOException {
        return start(domains, pebble.httpPort(), dataSource, extra);
    }

    /** Starts an instance whose HTTP port the CA never visits. */
    ConfigurableApplicationContext startUnreachable(String domains, DataSource dataSource, String... extra)
            throws IOException {
        return start(domains, freePort(), dataSource, extra);
    }

    private ConfigurableApplicationContext start(String domains, int httpPort, DataSource dataSource,
            String... extra) throws IOException {
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "spring.autoconfigure.exclude="
                        + "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
                "server.address=127.0.0.1",
                "server.port=" + freePort(),
                "certmagic.http.port=" + httpPort,
                "certmagic.domains=" + domains,
                "certmagic.ca=" + pebble.directoryUrl(),
                "certmagic.acme.trusted-roots=file:" + trustPem,
                "certmagic.email=ops@cluster.example",
                "certmagic.agreed=true",
                "certmagic.challenges.tls-alpn.enabled=false",
                "certmagic.storage.type=jdbc",
                "certmagic.storage.jdbc.values-table=" + database.valuesTable(),
                "certmagic.storage.jdbc.locks-table=" + database.locksTable(),
                "certmagic.storage.jdbc.lock-expiry=5s",
                "certmagic.storage.jdbc.heartbeat-interval=1s"));
        properties.addAll(List.of(extra));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(PebbleTestApplication.class)
                .properties(properties.toArray(String[]::new));
        if (dataSource != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("dataSource", dataSource));
        }
        ConfigurableApplicationContext context = builder.run();
        running.add(context);
        return context;
    }

    /** The HTTPS port an instance listens on. */
    static int httpsPort(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The names of the certificates an instance obtained from the CA itself (not loaded from storage). */
    static List<String> obtainedNames(ConfigurableApplicationContext context) {
        return context.getBean(PebbleTestApplication.Recorder.class).obtained.stream()
                .flatMap(event -> event.names().stream()).toList();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext context : running) {
            context.close();
        }
        running.clear();
    }
}
