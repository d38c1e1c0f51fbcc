package dev.certmagic.internal.ocsp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import dev.certmagic.CertificateManager;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.testsupport.OcspResponderServer;
import dev.certmagic.tls.ChallengeCertificates;
import dev.certmagic.tls.TlsDefaults;

/**
 * A child JVM for the stapling-on-the-wire test: a plain JSSE {@link SSLServerSocket} whose key manager is our
 * {@link SniKeyManager}, serving one certificate whose AIA names an OCSP responder running in this JVM. Whether
 * JSSE staples depends only on the system properties the parent starts this JVM with (JSSE reads them once).
 * Prints {@code READY <port>}; on each {@code count} line from stdin prints the request counts of the CA's
 * responder and of the local staple endpoint; exits when stdin closes.
 *
 * <p>With a second argument {@code ours}, the JVM sets the stapling properties itself, after start but before it
 * creates its {@link SSLContext} (JSSE reads them per context), and points JSSE's responder override at a local
 * {@link OcspStapleEndpoint} that answers with the staple our {@link OcspStapler} fetched and validated: JSSE
 * then staples our bytes and never asks the CA's responder.
 *
 * <p>With {@code manager} instead, a {@link CertificateManager} built with {@code ocspStapling(true)} does all of
 * that itself: it staples the certificate given to {@code cacheUnmanaged} on its own threads and sets the JSSE
 * properties when its {@code sslContext()} is first asked for.
 */
public final class StaplingServerMain {

    private StaplingServerMain() {
    }

    /**
     * Runs the server.
     *
     * @param args the one host name to serve
     * @throws Exception on any failure (the parent sees the exit)
     */
    public static void main(String[] args) throws Exception {
        Instant now = Instant.now();
        OcspTestPki ca = OcspTestPki.newCa("Stapling CA", now);
        try (OcspResponderServer responder = OcspResponderServer.start(Clock.systemUTC())) {
            responder.signWith(ca.keyPair().getPrivate(), ca.certificate(), ca.certificate());
            ManagedCertificate certificate = ca.leaf(now, responder.url(), args[0]);
            OcspStapleEndpoint local = null;
            if (args.length > 1 && args[1].equals("ours")) {
                OcspStapler stapler = new OcspStapler(new dev.certmagic.issuance.MemoryStorage(),
                        OcspClient.withDefaults(), OcspOptions.DEFAULTS,
                        new CertificateEventDispatcher(), (c, s) -> { }, Clock.systemUTC());
                certificate = stapler.staple(certificate);
                local = OcspStapleEndpoint.start();
                local.update(certificate);
                System.setProperty("jdk.tls.server.enableStatusRequestExtension", "true");
                System.setProperty("jdk.tls.stapling.responderOverride", "true");
                System.setProperty("jdk.tls.stapling.responderURI", local.url().toString());
            }
            SSLContext context;
            CertificateManager manager = null;
            if (args.length > 1 && args[1].equals("manager")) {
                manager = CertificateManager.builder().storage(new dev.certmagic.issuance.MemoryStorage())
                        .ocspStapling(true).build();
                manager.cacheUnmanaged(ManagedCertificate.of(certificate.chain(), certificate.privateKey(), false,
                        null));
                awaitStaple(manager, args[0]);
                context = manager.sslContext();
            } else {
                CertificateCache cache = new CertificateCache(Clock.systemUTC());
                cache.add(certificate);
                context = TlsDefaults.sslContext(new SniKeyManager(cache, ChallengeCertificates.NONE, null));
            }
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            TlsDefaults.configure(server);
            Thread acceptor = new Thread(() -> serve(server), "stapling-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            System.out.println("READY " + server.getLocalPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("count")) {
                    System.out.println("COUNT " + responder.requestCount() + " "
                            + (local == null ? 0 : local.served()));
                    System.out.flush();
                }
            }
            server.close();
            if (manager != null) {
                manager.close();
            }
            if (local != null) {
                local.close();
            }
        }
    }

    private static void awaitStaple(CertificateManager manager, String name) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (manager.view().cached(name).get(0).ocspStaple() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The manager did not staple " + name + " within 20 s");
            }
            Thread.sleep(20);
        }
    }

    private static void serve(SSLServerSocket server) {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                socket.getOutputStream().write('k');
                socket.getOutputStream().flush();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                System.err.println("handshake failed: " + e);
            }
        }
    }
}
