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
 * A TCP forwarder on a fixed loopback port that can be switched off (the port refuses connections and every
 * forwarded connection is cut) and on again: an "unreachable CA" that comes back. Pebble builds the URLs of its
 * directory from the request's Host, so a client that starts at the proxied directory URL reaches Pebble only
 * through the proxy.
 */
public final class ToggleProxy implements AutoCloseable {

    private final int port;
    private final int target;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    /**
     * Reserves a free loopback port for a proxy to {@code 127.0.0.1:target}; it forwards nothing until started.
     *
     * @param target the port to forward to
     * @throws IOException if no port could be reserved
     */
    public ToggleProxy(int target) throws IOException {
        this.target = target;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    /**
     * Returns the proxy's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Starts forwarding.
     *
     * @throws IOException if the port could not be bound
     */
    public synchronized void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server = socket;
        Thread acceptor = new Thread(() -> acceptLoop(socket), "toggle-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Stops forwarding: closes the port and cuts every forwarded connection.
     *
     * @throws IOException if the port could not be closed
     */
    public synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket socket : live) {
            closeQuietly(socket);
        }
        live.clear();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                live.add(client);
                live.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // Either side closed.
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
     * Stops forwarding for good.
     *
     * @throws IOException if the port could not be closed
     */
    @Override
    public void close() throws IOException {
        stop();
    }
}
