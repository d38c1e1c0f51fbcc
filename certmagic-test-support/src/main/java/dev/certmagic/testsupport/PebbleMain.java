package dev.certmagic.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs Pebble for the demo ({@code scripts/demo}) with exactly the code the tests use, and tells the script
 * where it is: {@code pebble.env} (shell variables: directory URL, ports), {@code listener-trust.pem} (trust for
 * Pebble's own HTTPS, i.e. {@code certmagic.acme.trusted-roots}) and {@code issuing-root.pem} (the root that
 * issued certificates chain to, for {@code curl --cacert}). {@code pebble.env} is written last, atomically, so
 * its presence means Pebble is up. Runs until the JVM is stopped (SIGTERM/SIGINT); Pebble's processes are then
 * stopped by PID.
 */
public final class PebbleMain {

    private PebbleMain() {
    }

    /**
     * Starts Pebble and waits forever.
     *
     * @param args one argument: the folder to write the files into (created when missing)
     * @throws Exception if Pebble cannot start or the files cannot be written
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PebbleMain <output folder>");
        }
        Path folder = Files.createDirectories(Path.of(args[0]));
        Pebble pebble = Pebble.start(PebbleSettings.DEFAULTS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pebble.close();
            stopped.countDown();
        }, "pebble-stop"));
        Files.write(folder.resolve("listener-trust.pem"), pebble.trustPem());
        Files.writeString(folder.resolve("issuing-root.pem"), pem(pebble.issuingRoots()), StandardCharsets.US_ASCII);
        String env = "PEBBLE_DIRECTORY=" + pebble.directoryUrl() + "\n"
                + "PEBBLE_HTTP_PORT=" + pebble.httpPort() + "\n"
                + "PEBBLE_TLS_PORT=" + pebble.tlsPort() + "\n"
                + "PEBBLE_MANAGEMENT=" + pebble.managementUri() + "\n"
                + "PEBBLE_LOG=" + pebble.pebbleLog() + "\n";
        Path temporary = folder.resolve("pebble.env.tmp");
        Files.writeString(temporary, env, StandardCharsets.US_ASCII);
        Files.move(temporary, folder.resolve("pebble.env"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("Pebble is up: " + pebble.directoryUrl());
        stopped.await();
    }

    private static String pem(List<X509Certificate> certificates) throws CertificateEncodingException {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return pem.toString();
    }
}
