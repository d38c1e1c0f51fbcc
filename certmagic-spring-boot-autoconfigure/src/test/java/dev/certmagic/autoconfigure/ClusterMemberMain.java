package dev.certmagic.autoconfigure;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.postgresql.ds.PGSimpleDataSource;

import dev.certmagic.CertificateManager;
import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.event.CertificateObtainedEvent;
import dev.certmagic.event.CertificateObtainingEvent;
import dev.certmagic.storage.jdbc.JdbcStorage;

/**
 * Child process of {@link ClusterLockTakeoverPebbleTest}: a cluster member without Spring (a
 * {@link CertificateManager} on {@link JdbcStorage}) that orders one name from Pebble by HTTP-01 and prints
 * {@code obtaining <name>} once it holds the issuance lock and {@code obtained <name>} when done. It serves no
 * HTTP itself: the test's Spring instance answers its challenge from the shared storage. It runs until killed.
 *
 * <p>Arguments: JDBC URL, values table, locks table, lock expiry in ms, heartbeat interval in ms, ACME directory
 * URL, PEM file of the roots trusted for the directory, the name.
 */
public final class ClusterMemberMain {

    private ClusterMemberMain() {
    }

    /**
     * Runs the member.
     *
     * @param args see the class comment
     * @throws Exception if the member cannot be built
     */
    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        JdbcStorage storage = JdbcStorage.builder(dataSource).tables(args[1], args[2])
                .lockExpiry(Duration.ofMillis(Long.parseLong(args[3])))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[4])))
                .build();
        CertificateManager manager = CertificateManager.builder().storage(storage)
                .acme(AcmeIssuer.builder(URI.create(args[5])).agreed(true).email("ops@cluster.example")
                        .trustedRoots(PemCodec.readCertificates(Files.readAllBytes(Path.of(args[6])))))
                .tlsAlpnChallenge(false)
                .listener(event -> {
                    if (event instanceof CertificateObtainingEvent obtaining) {
                        say("obtaining " + obtaining.names().get(0));
                    } else if (event instanceof CertificateObtainedEvent obtained) {
                        say("obtained " + obtained.names().get(0));
                    }
                })
                .build();
        manager.manageAsync(List.of(args[7]));
        Thread.currentThread().join(); // keep ordering (and holding the lock) until SIGKILL
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
