package dev.certmagic.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts pebble-challtestsrv (DNS only) and Pebble on free loopback ports with a generated listener certificate
 * and a config file in a temporary folder, and waits (with a deadline) until the directory answers.
 */
final class PebbleLauncher {

    /** Printed when the binaries are missing. */
    static final String INSTALL_HINT = "run scripts/ensure-tools or apt-get install -y pebble";

    private static final Duration START_DEADLINE = Duration.ofSeconds(30);

    private PebbleLauncher() {
    }

    static Pebble launch(PebbleSettings settings) {
        Path pebbleBinary = findExecutable("pebble");
        Path challBinary = findExecutable("pebble-challtestsrv");
        List<ManagedProcess> started = new ArrayList<>();
        try {
            Path work = Files.createTempDirectory("pebble-");
            ListenerTrust trust = ListenerTrust.generate();
            Path[] listenerFiles = trust.writeListenerFiles(work);
            int[] ports = freePorts(6);
            started.add(ManagedProcess.start("pebble-challtestsrv", List.of(challBinary.toString(),
                    "-dns01", "127.0.0.1:" + ports[4], "-http01", "", "-https01", "", "-tlsalpn01", "",
                    "-management", "127.0.0.1:" + ports[5], "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""),
                    Map.of(), work.resolve("challtestsrv.log")));
            Path config = work.resolve("pebble-config.json");
            Files.writeString(config, configJson(settings, ports, listenerFiles), StandardCharsets.UTF_8);
            started.add(ManagedProcess.start("pebble", List.of(pebbleBinary.toString(), "-config",
                    config.toString(), "-dnsserver", settings.dnsServer().isEmpty() ? "127.0.0.1:" + ports[4]
                    : settings.dnsServer()), environment(settings),
                    work.resolve("pebble.log")));
            Pebble pebble = new Pebble(settings, work, trust, ports, List.copyOf(started));
            awaitReady(pebble);
            return pebble;
        } catch (IOException | RuntimeException e) {
            String output = started.stream().map(ManagedProcess::describe)
                    .reduce("", (a, b) -> a + System.lineSeparator() + b);
            started.forEach(ManagedProcess::close);
            throw new IllegalStateException("Pebble did not start: " + e.getMessage() + output, e);
        }
    }

    private static void awaitReady(Pebble pebble) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        String lastProblem = "no attempt";
        while (System.nanoTime() < deadline) {
            for (ManagedProcess process : pebble.processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(process.describe());
                }
            }
            try {
                if (portOpen(pebble.challTestSrvPort)) {
                    HttpResponse<String> response = pebble.client.send(HttpRequest.newBuilder(pebble.directoryUri())
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("newOrder")) {
                        return;
                    }
                    lastProblem = "directory answered " + response.statusCode();
                } else {
                    lastProblem = "challtestsrv management port not open";
                }
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Pebble", e);
            }
            pause();
        }
        throw new IllegalStateException("The directory " + pebble.directoryUri() + " did not answer within "
                + START_DEADLINE.toSeconds() + " s (last: " + lastProblem + ")");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Pebble", e);
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String configJson(PebbleSettings settings, int[] ports, Path[] listenerFiles) {
        String validity = settings.validityPeriodSeconds() > 0
                ? ",\n    \"certificateValidityPeriod\": " + settings.validityPeriodSeconds() : "";
        return "{\n  \"pebble\": {\n"
                + "    \"listenAddress\": \"127.0.0.1:" + ports[0] + "\",\n"
                + "    \"managementListenAddress\": \"127.0.0.1:" + ports[1] + "\",\n"
                + "    \"certificate\": \"" + jsonPath(listenerFiles[0]) + "\",\n"
                + "    \"privateKey\": \"" + jsonPath(listenerFiles[1]) + "\",\n"
                + "    \"httpPort\": " + ports[2] + ",\n"
                + "    \"tlsPort\": " + ports[3] + ",\n"
                + "    \"ocspResponderURL\": \"" + jsonString(settings.ocspResponderUrl()) + "\",\n"
                + "    \"externalAccountBindingRequired\": " + !settings.eabKeys().isEmpty() + eab(settings)
                + validity + "\n"
                + "  }\n}\n";
    }

    private static String jsonString(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String jsonPath(Path path) {
        return path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String eab(PebbleSettings settings) {
        if (settings.eabKeys().isEmpty()) {
            return "";
        }
        StringBuilder keys = new StringBuilder(",\n    \"externalAccountMACKeys\": {");
        String separator = "";
        for (Map.Entry<String, String> entry : settings.eabKeys().entrySet()) {
            keys.append(separator).append('"').append(entry.getKey()).append("\": \"").append(entry.getValue())
                    .append('"');
            separator = ", ";
        }
        return keys.append('}').toString();
    }

    private static Map<String, String> environment(PebbleSettings settings) {
        return Map.of(
                "PEBBLE_VA_NOSLEEP", settings.vaNoSleep() ? "1" : "0",
                "PEBBLE_WFE_NONCEREJECT", Integer.toString(settings.nonceReject()),
                "PEBBLE_AUTHZREUSE", Integer.toString(settings.authzReuse()),
                "PEBBLE_ALTERNATE_ROOTS", Integer.toString(settings.alternateRoots()));
    }

    private static int[] freePorts(int count) throws IOException {
        // All sockets stay open until every port is chosen, so that no two of them are the same.
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    static Path findExecutableOr(String name, String extraDir, String hint) {
        try {
            return findExecutable(name, extraDir);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("'" + name + "' is not installed (not found on PATH): " + hint);
        }
    }

    static Path findExecutable(String name) {
        return findExecutable(name, "/usr/bin");
    }

    private static Path findExecutable(String name, String extraDir) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + extraDir;
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("'" + name + "' is not installed (not found on PATH): " + INSTALL_HINT);
    }
}
