package dev.certmagic.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder from a loopback port to {@code 127.0.0.1:target} that can be switched off (every forwarded
 * connection is cut and new ones are closed on arrival) and on again: an unreachable CA or database that comes
 * back. It keeps its port bound while off: on a machine shared by several test runs a released port could be
 * taken by another process, which would quietly end the outage a test means to play. Pebble builds the URLs of
 * its directory from the request's Host, so a client that starts at the proxied directory URL reaches Pebble only
 * through the proxy.
 */
public final class ToggleProxy implements AutoCloseable {

    private final int target;
    private final ServerSocket server;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile boolean forwarding;

    /**
     * Binds a free loopback port for a proxy to {@code 127.0.0.1:target}; it forwards nothing until started.
     *
     * @param target the port to forward to
     * @throws IOException if no port could be bound
     */
    public ToggleProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread acceptor = new Thread(this::acceptLoop, "toggle-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Returns the proxy's port.
     *
     * @return the port
     */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Starts (or resumes) forwarding new connections.
     */
    public void start() {
        forwarding = true;
    }

    /**
     * Stops forwarding: cuts every forwarded connection and closes new ones on arrival until {@link #start()}.
     */
    public void stop() {
        forwarding = false;
        for (Socket socket : live) {
            closeQuietly(socket);
        }
        live.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            if (!forwarding) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                live.add(client);
                live.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // Either side closed, or the proxy was switched off.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                live.remove(from);
                live.remove(to);
            }
        }, "toggle-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /**
     * Stops forwarding for good and releases the port.
     *
     * @throws IOException if the port could not be closed
     */
    @Override
    public void close() throws IOException {
        stop();
        server.close();
    }
}
