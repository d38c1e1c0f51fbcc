package dev.certmagic;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import dev.certmagic.tls.ApplicationProtocols;
import dev.certmagic.tls.TlsDefaults;

/**
 * A plain JSSE server on loopback that serves whatever the manager's {@link SSLContext} chooses, with the ALPN
 * selector a real server installs: the way any JSSE server would use certmagic. Each connection gets a one-line
 * answer after the handshake.
 */
final class JsseTestServer implements AutoCloseable {

    private final SSLServerSocket serverSocket;
    private final ApplicationProtocols protocols = new ApplicationProtocols(List.of(ApplicationProtocols.HTTP_1_1));
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "jsse-test-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger acmeTlsHandshakes = new AtomicInteger();

    JsseTestServer(SSLContext context, int port) throws IOException {
        serverSocket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, 64,
                InetAddress.getLoopbackAddress());
        TlsDefaults.configure(serverSocket);
        Thread acceptor = new Thread(this::acceptLoop, "jsse-test-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    int handshakes() {
        return handshakes.get();
    }

    int acmeTlsHandshakes() {
        return acmeTlsHandshakes.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                SSLSocket socket = (SSLSocket) serverSocket.accept();
                workers.execute(() -> serve(socket));
            } catch (IOException e) {
                if (serverSocket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            socket.setHandshakeApplicationProtocolSelector((s, offered) -> protocols.apply(null, offered));
            socket.startHandshake();
            handshakes.incrementAndGet();
            if (ApplicationProtocols.ACME_TLS_1.equals(socket.getApplicationProtocol())) {
                acmeTlsHandshakes.incrementAndGet();
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write("ok\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (SocketException e) {
            // The client went away.
        } catch (IOException e) {
            // A failed handshake; the client reports it.
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        workers.shutdownNow();
    }
}
