package dev.certmagic.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PowerDNS Authoritative ({@code pdns_server}, Debian {@code pdns-server} + {@code pdns-backend-sqlite3})
 * with a fresh SQLite database in its own temporary folder, DNS on a free loopback port and its HTTP API (with a
 * generated key) on another. Caches are off, so every answer shows the database as it is. Zones are created
 * through the API with an SOA, {@code ns.<zone>} (A 127.0.0.1), and A 127.0.0.1 at the apex and for {@code *}.
 */
public final class PowerDnsServer implements AutoCloseable {

    /** Printed when the binaries are missing. */
    public static final String INSTALL_HINT = "run scripts/ensure-dns or apt-get install -y pdns-server "
            + "pdns-backend-sqlite3 sqlite3";

    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private static final List<Path> SCHEMAS = List.of(
            Path.of("/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"),
            Path.of("/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql"));

    private final Path directory;
    private final int dnsPort;
    private final int apiPort;
    private final String apiKey;
    private final ManagedProcess process;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PowerDnsServer(Path directory, int dnsPort, int apiPort, String apiKey, ManagedProcess process) {
        this.directory = directory;
        this.dnsPort = dnsPort;
        this.apiPort = apiPort;
        this.apiKey = apiKey;
        this.process = process;
    }

    /**
     * Starts {@code pdns_server}, waits (with a deadline) until its API answers, and creates the zones.
     *
     * @param zones zone apexes without trailing dot, e.g. {@code example.test}
     * @return the running server; close it to stop it
     */
    public static PowerDnsServer start(List<String> zones) {
        Path binary = PebbleLauncher.findExecutableOr("pdns_server", "/usr/sbin", INSTALL_HINT);
        Path sqlite = PebbleLauncher.findExecutableOr("sqlite3", "/usr/bin", INSTALL_HINT);
        Path schema = SCHEMAS.stream().filter(Files::isReadable).findFirst().orElseThrow(
                () -> new IllegalStateException("The PowerDNS SQLite schema is not installed: " + INSTALL_HINT));
        ManagedProcess process = null;
        try {
            Path dir = Files.createTempDirectory("pdns-");
            Path database = dir.resolve("pdns.sqlite3");
            Process load = new ProcessBuilder(sqlite.toString(), database.toString()).redirectInput(schema.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("schema.log").toFile()).start();
            if (!load.waitFor(20, TimeUnit.SECONDS) || load.exitValue() != 0) {
                load.destroyForcibly();
                throw new IOException("loading " + schema + " into SQLite failed; see " + dir.resolve("schema.log"));
            }
            int dnsPort = BindServer.freeUdpAndTcpPort();
            int apiPort = BindServer.freeUdpAndTcpPort();
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            String apiKey = HexFormat.of().formatHex(key);
            Files.writeString(dir.resolve("pdns.conf"), String.join("\n",
                    "launch=gsqlite3", "gsqlite3-database=" + database,
                    "local-address=127.0.0.1", "local-port=" + dnsPort,
                    "api=yes", "api-key=" + apiKey, "webserver=yes", "webserver-address=127.0.0.1",
                    "webserver-port=" + apiPort, "webserver-allow-from=127.0.0.1/32",
                    "socket-dir=" + dir, "cache-ttl=0", "negquery-cache-ttl=0", "query-cache-ttl=0",
                    "consistent-backends=yes", "") , StandardCharsets.UTF_8);
            process = ManagedProcess.start("pdns_server", List.of(binary.toString(), "--daemon=no", "--guardian=no",
                    "--disable-syslog", "--config-dir=" + dir), Map.of(), dir.resolve("pdns.log"));
            PowerDnsServer server = new PowerDnsServer(dir, dnsPort, apiPort, apiKey, process);
            server.awaitReady();
            for (String zone : zones) {
                server.createZone(zone);
            }
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            String output = process == null ? "" : System.lineSeparator() + process.describe();
            if (process != null) {
                process.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("PowerDNS did not start: " + e.getMessage() + output, e);
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pdns_server exited");
            }
            try {
                HttpResponse<String> response = api("GET", "/api/v1/servers/localhost", null);
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the PowerDNS API did not answer within " + START_DEADLINE.toSeconds()
                + " s (last: " + last + ")");
    }

    private void createZone(String zone) throws IOException, InterruptedException {
        String apex = zone + ".";
        String body = "{\"name\":\"" + apex + "\",\"kind\":\"Native\",\"nameservers\":[\"ns." + apex + "\"],"
                + "\"rrsets\":[" + a("ns." + apex) + "," + a(apex) + "," + a("*." + apex) + "]}";
        HttpResponse<String> response = api("POST", "/api/v1/servers/localhost/zones", body);
        if (response.statusCode() != 201) {
            throw new IOException("creating zone " + zone + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private static String a(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"A\",\"ttl\":60,\"records\":[{\"content\":\"127.0.0.1\","
                + "\"disabled\":false}]}";
    }

    private HttpResponse<String> api(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path))
                .timeout(Duration.ofSeconds(5)).header("X-API-Key", apiKey);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Returns the API's base URL, {@code http://127.0.0.1:PORT}.
     *
     * @return the URL
     */
    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /**
     * Returns the API key generated for this run.
     *
     * @return the key
     */
    public String apiKey() {
        return apiKey;
    }

    /**
     * Returns the DNS port (UDP and TCP, 127.0.0.1).
     *
     * @return the port
     */
    public int dnsPort() {
        return dnsPort;
    }

    /**
     * Returns {@code 127.0.0.1:PORT} of the DNS listener, for {@link PebbleSettings#withDnsServer(String)}.
     *
     * @return the address
     */
    public String address() {
        return "127.0.0.1:" + dnsPort;
    }

    /**
     * Returns the server's folder (configuration, database, log).
     *
     * @return the folder
     */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        process.close();
    }
}
