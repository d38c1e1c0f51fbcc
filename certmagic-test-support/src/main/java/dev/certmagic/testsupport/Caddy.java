package dev.certmagic.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Caddy (Debian's {@code caddy} package, Go CertMagic inside) as a peer that shares a storage folder with
 * this project: it obtains certificates from a {@link Pebble} into that folder and serves them. Started with
 * {@code caddy run}, its own home and config folders under the given work folder (nothing outside it is
 * touched), stopped by PID on {@link #close()}. {@code scripts/ensure-tools} installs it.
 */
public final class Caddy implements AutoCloseable {

    private static final String INSTALL_HINT = "run scripts/ensure-tools or apt-get install -y caddy";

    private final ManagedProcess process;

    private Caddy(ManagedProcess process) {
        this.process = process;
    }

    /**
     * Starts Caddy with a configuration that obtains certificates for {@code names} from {@code pebble} into
     * {@code storage}, answering Pebble's HTTP-01 and TLS-ALPN-01 validations on the ports Pebble dials, and
     * serves them on {@code 127.0.0.1}.
     *
     * @param workFolder a private folder for Caddy's config, home and log
     * @param storage the storage folder shared with the application
     * @param pebble the CA
     * @param email the ACME account's e-mail
     * @param names the site names
     * @return the running Caddy
     * @throws IOException if it could not be started
     */
    public static Caddy startWithPebble(Path workFolder, Path storage, Pebble pebble, String email,
            List<String> names) throws IOException {
        return startWithPebble(workFolder, storage, pebble, email, names, pebble.httpPort(), pebble.tlsPort());
    }

    /**
     * Like {@link #startWithPebble(Path, Path, Pebble, String, List)}, but Caddy listens on other ports than those
     * Pebble dials: its validations then succeed only if whoever listens on Pebble's ports answers them from the
     * shared storage (Go CertMagic's distributed solving).
     *
     * @param workFolder a private folder for Caddy's config, home and log
     * @param storage the storage folder shared with the application
     * @param pebble the CA
     * @param email the ACME account's e-mail
     * @param names the site names
     * @param httpPort Caddy's HTTP port (where its own HTTP-01 solver listens)
     * @param httpsPort Caddy's HTTPS port (where it serves, and answers TLS-ALPN-01)
     * @return the running Caddy
     * @throws IOException if it could not be started
     */
    public static Caddy startWithPebble(Path workFolder, Path storage, Pebble pebble, String email,
            List<String> names, int httpPort, int httpsPort) throws IOException {
        Files.createDirectories(workFolder);
        Path caRoot = workFolder.resolve("pebble-listener-ca.pem");
        Files.write(caRoot, pebble.trustPem());
        String sites = names.stream()
                .map(name -> name + " {\n  bind 127.0.0.1\n  respond \"caddy\"\n}\n")
                .collect(Collectors.joining());
        String caddyfile = "{\n  admin off\n  storage file_system " + storage.toAbsolutePath() + "\n"
                + "  acme_ca " + pebble.directoryUrl() + "\n  acme_ca_root " + caRoot + "\n"
                + "  email " + email + "\n  http_port " + httpPort + "\n  https_port " + httpsPort
                + "\n  skip_install_trust\n  auto_https disable_redirects\n}\n" + sites;
        return start(workFolder, caddyfile);
    }

    /**
     * Starts Caddy with the given Caddyfile.
     *
     * @param workFolder a private folder for Caddy's config, home and log
     * @param caddyfile the configuration
     * @return the running Caddy
     * @throws IOException if it could not be started
     */
    public static Caddy start(Path workFolder, String caddyfile) throws IOException {
        Path binary = PebbleLauncher.findExecutableOr("caddy", "/usr/bin", INSTALL_HINT);
        Files.createDirectories(workFolder);
        Path config = workFolder.resolve("Caddyfile");
        Files.writeString(config, caddyfile);
        Path home = Files.createDirectories(workFolder.resolve("home"));
        Map<String, String> environment = Map.of("HOME", home.toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(), "XDG_CONFIG_HOME", home.resolve("config").toString());
        return new Caddy(ManagedProcess.start("caddy", List.of(binary.toString(), "run", "--config",
                config.toString(), "--adapter", "caddyfile"), environment, workFolder.resolve("caddy.log")));
    }

    /**
     * Waits until {@code count} lines of Caddy's log contain every one of {@code texts}.
     *
     * @param count how many such lines
     * @param timeout the deadline
     * @param texts what one line must contain
     * @throws IllegalStateException if the deadline passed or Caddy exited, with the log's tail
     * @throws InterruptedException if interrupted
     */
    public void awaitLogLines(int count, Duration timeout, String... texts) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (countLogLines(texts) < count) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Caddy did not log " + count + " line(s) with " + List.of(texts)
                        + " within " + timeout + ": " + process.describe());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Counts the lines of Caddy's log that contain all of {@code texts}.
     *
     * @param texts what a line must contain
     * @return how many lines do
     */
    public long countLogLines(String... texts) {
        try (Stream<String> lines = Files.lines(process.log(), StandardCharsets.UTF_8)) {
            return lines.filter(line -> Stream.of(texts).allMatch(line::contains)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Describes the process and the end of its log, for failure messages.
     *
     * @return the description
     */
    public String describe() {
        return process.describe();
    }

    @Override
    public void close() {
        process.close();
    }
}
