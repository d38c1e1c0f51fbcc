package dev.certmagic.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A throwaway BIND 9 ({@code named}, Debian {@code bind9}) on a free loopback port with its own temporary folder:
 * authoritative for the given zones, with one TSIG key ({@code hmac-sha256}) allowed to update the dynamic ones.
 * Every zone has an SOA, {@code ns.<zone>} as NS with A 127.0.0.1, and A 127.0.0.1 at the apex and for {@code *},
 * so Pebble pointed at this server ({@link PebbleSettings#withDnsServer(String)}) reaches the server under test.
 */
public final class BindServer implements AutoCloseable {

    /** Printed when the binary is missing. */
    public static final String INSTALL_HINT = "run scripts/ensure-dns or apt-get install -y bind9 bind9-dnsutils";

    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    /**
     * One zone served.
     *
     * @param name the apex, without trailing dot, e.g. {@code example.test}
     * @param dynamic whether the TSIG key may update it
     * @param records extra zone-file lines, e.g. {@code _acme-challenge.app CNAME app.acme.example.test.}
     */
    public record Zone(String name, boolean dynamic, List<String> records) {

        /**
         * Copies the records.
         *
         * @param name the apex
         * @param dynamic whether updates are allowed
         * @param records extra lines
         */
        public Zone {
            records = List.copyOf(records);
        }
    }

    private final Path directory;
    private final int port;
    private final String keyName;
    private final String secret;
    private final ManagedProcess process;

    private BindServer(Path directory, int port, String keyName, String secret, ManagedProcess process) {
        this.directory = directory;
        this.port = port;
        this.keyName = keyName;
        this.secret = secret;
        this.process = process;
    }

    /**
     * Starts {@code named} and waits (with a deadline) until it accepts connections.
     *
     * @param keyName the TSIG key's name
     * @param zones the zones to serve
     * @return the running server; close it to stop it
     */
    public static BindServer start(String keyName, List<Zone> zones) {
        Path named = PebbleLauncher.findExecutableOr("named", "/usr/sbin", INSTALL_HINT);
        ManagedProcess process = null;
        try {
            Path dir = Files.createTempDirectory("bind-");
            int port = freeUdpAndTcpPort();
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String secret = Base64.getEncoder().encodeToString(key);
            StringBuilder conf = new StringBuilder()
                    .append("options { directory \"").append(dir).append("\"; listen-on port ").append(port)
                    .append(" { 127.0.0.1; }; listen-on-v6 { none; }; pid-file \"").append(dir)
                    .append("/named.pid\"; recursion yes; allow-recursion { 127.0.0.1; }; dnssec-validation no; notify no; };\n")
                    // A local root zone: recursion (which Pebble's resolver needs to chase a CNAME into another
                    // zone) then never leaves this server, and unknown names are NXDOMAIN at once.
                    .append("zone \".\" { type primary; file \"").append(dir).append("/db.root\"; };\n")
                    .append("key \"").append(keyName).append("\" { algorithm hmac-sha256; secret \"").append(secret)
                    .append("\"; };\n");
            Files.writeString(dir.resolve("db.root"), "$TTL 60\n. IN SOA ns.root. hostmaster.root. ( 1 60 60 3600 60 )\n"
                    + ". IN NS ns.root.\nns.root. IN A 127.0.0.1\n", StandardCharsets.UTF_8);
            for (Zone zone : zones) {
                Path file = dir.resolve("db." + zone.name());
                Files.writeString(file, zoneFile(zone), StandardCharsets.UTF_8);
                conf.append("zone \"").append(zone.name()).append("\" { type primary; file \"").append(file)
                        .append("\";").append(zone.dynamic() ? " allow-update { key \"" + keyName + "\"; };" : "")
                        .append(" };\n");
            }
            Path config = dir.resolve("named.conf");
            Files.writeString(config, conf, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(named.toString(), "-g", "-c", config.toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "root"));
            }
            process = ManagedProcess.start("named", command, Map.of(), dir.resolve("named.log"));
            BindServer server = new BindServer(dir, port, keyName, secret, process);
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            String output = process == null ? "" : System.lineSeparator() + process.describe();
            if (process != null) {
                process.close();
            }
            throw new IllegalStateException("BIND did not start: " + e.getMessage() + output, e);
        }
    }

    private static String zoneFile(Zone zone) {
        StringBuilder text = new StringBuilder("$TTL 60\n$ORIGIN ").append(zone.name()).append(".\n")
                .append("@ IN SOA ns.").append(zone.name()).append(". hostmaster.").append(zone.name())
                .append(". ( 1 60 60 3600 60 )\n")
                .append("@ IN NS ns.").append(zone.name()).append(".\n")
                .append("ns IN A 127.0.0.1\n@ IN A 127.0.0.1\n* IN A 127.0.0.1\n");
        zone.records().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("named exited");
            }
            if (process.tail(50).contains("running")) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    return;
                } catch (IOException e) {
                    // Not listening yet.
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for BIND", e);
            }
        }
        throw new IllegalStateException("named did not become ready within " + START_DEADLINE.toSeconds() + " s");
    }

    static int freeUdpAndTcpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        port))) {
                    return port;
                } catch (IOException inUse) {
                    // Try another one.
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on loopback");
    }

    /**
     * Returns the port {@code named} listens on (UDP and TCP, 127.0.0.1).
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns {@code 127.0.0.1:PORT}, for {@link PebbleSettings#withDnsServer(String)} and resolver settings.
     *
     * @return the address
     */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * Returns the TSIG key's name.
     *
     * @return the name
     */
    public String keyName() {
        return keyName;
    }

    /**
     * Returns the TSIG key's secret (base64), generated for this run.
     *
     * @return the secret
     */
    public String secret() {
        return secret;
    }

    /**
     * Tells whether a zone was ever changed by a dynamic update (BIND then keeps a journal beside its file).
     *
     * @param zone the zone's apex
     * @return {@code true} if the zone has a journal
     */
    public boolean wasUpdated(String zone) {
        return Files.exists(directory.resolve("db." + zone + ".jnl"));
    }

    /**
     * Returns the server's folder (configuration, zone files, log).
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
