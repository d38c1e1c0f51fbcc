package dev.certmagic.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import dev.certmagic.internal.tls.SniKeyManager;

/**
 * A real JSSE server on loopback (port 0) that completes a handshake, writes one byte and closes. It records
 * handshakes that failed with an I/O error (clean failures) apart from any other throwable (which would be a bug:
 * an exception escaping into JSSE or killing a thread).
 */
public final class TlsTestServer implements AutoCloseable {

    private final SSLServerSocket serverSocket;
    private final ApplicationProtocols protocols;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final Thread acceptor;
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger cleanFailures = new AtomicInteger();
    private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();

    private TlsTestServer(SSLServerSocket serverSocket, ApplicationProtocols protocols) {
        this.serverSocket = serverSocket;
        this.protocols = protocols;
        this.acceptor = new Thread(this::acceptLoop, "tls-test-acceptor");
        this.acceptor.setDaemon(true);
    }

    public static TlsTestServer start(SniKeyManager keyManager) throws IOException {
        SSLContext context = TlsDefaults.sslContext(keyManager);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        TlsDefaults.configure(socket);
        TlsTestServer server = new TlsTestServer(socket, new ApplicationProtocols(List.of(ApplicationProtocols.HTTP_1_1)));
        server.acceptor.start();
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public int completed() {
        return completed.get();
    }

    public int cleanFailures() {
        return cleanFailures.get();
    }

    public List<Throwable> unexpected() {
        return unexpected;
    }

    public boolean acceptorAlive() {
        return acceptor.isAlive();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket accepted = serverSocket.accept();
                workers.execute(() -> handle((SSLSocket) accepted));
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    unexpected.add(e);
                }
            } catch (Throwable t) {
                unexpected.add(t);
            }
        }
    }

    private void handle(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            TlsDefaults.configure(socket, protocols);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write('k');
            out.flush();
            completed.incrementAndGet();
        } catch (IOException e) {
            cleanFailures.incrementAndGet();
        } catch (Throwable t) {
            unexpected.add(t);
        }
    }

    @Override
    public void close() throws Exception {
        serverSocket.close();
        acceptor.join(5_000);
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
