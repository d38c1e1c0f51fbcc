package dev.certmagic.internal.ocsp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-request-per-connection HTTP/1.1 server on the loopback interface, for the staple endpoint that JSSE asks.
 * It is small on purpose: the JDK's {@code com.sun.net.httpserver} takes its request timeouts only from JVM-wide
 * system properties read once ({@code sun.net.httpserver.maxReqTime}), so there one local connection that sends
 * half a request holds its thread for good. Here:
 *
 * <ul>
 *   <li>connections are served by a bounded pool ({@link Settings#workers()} threads, {@link Settings#queue()}
 *       waiting); beyond that a connection is closed at once, and its client (JSSE) staples nothing this time
 *       rather than waiting;</li>
 *   <li>each connection has one deadline for its whole request, counted from when a thread takes it up: a peer
 *       that sends slowly, or stops, is dropped when it passes ({@link Settings#connectionTimeout()}), so a
 *       waiting connection waits at most {@code queue / workers} such deadlines;</li>
 *   <li>the request head and body are capped; only {@code Content-Length} framing is accepted.</li>
 * </ul>
 */
final class LoopbackHttpServer implements AutoCloseable {

    /** One parsed request. */
    record Request(String method, String rawPath, byte[] body) {
    }

    /** Answers a request with a response body, or {@code null} for 404. Must not block. */
    @FunctionalInterface
    interface Handler {
        byte[] answer(Request request);
    }

    /**
     * Limits of the server.
     *
     * @param workers threads that serve connections
     * @param queue accepted connections that may wait for a thread
     * @param connectionTimeout the most one connection may take to send its request, from when a thread takes
     *     it up
     * @param maxBodyBytes the largest request body accepted
     * @param contentType the media type of a {@code 200} answer
     */
    record Settings(int workers, int queue, Duration connectionTimeout, int maxBodyBytes, String contentType) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackHttpServer.class);
    private static final int MAX_HEAD_BYTES = 8 * 1024;
    /** CR LF CR LF, the last four bytes of a request head. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    private final ServerSocket server;
    private final Settings settings;
    private final Handler handler;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    private LoopbackHttpServer(ServerSocket server, String name, Settings settings, Handler handler) {
        this.server = server;
        this.settings = settings;
        this.handler = handler;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queue()), task -> {
                    Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Binds a free port on the loopback interface and starts accepting.
     *
     * @param name the prefix of the server's thread names
     * @param settings the limits
     * @param handler what answers requests
     * @return the running server
     * @throws IOException if no port can be bound
     */
    static LoopbackHttpServer start(String name, Settings settings, Handler handler) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LoopbackHttpServer started = new LoopbackHttpServer(socket, name, settings, Objects.requireNonNull(handler));
        started.acceptor.start();
        return started;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections closed without an answer: too slow, too large, malformed, or no thread free. */
    long dropped() {
        return dropped.get();
    }

    /** Stops accepting, closes every open connection (which ends the reads blocked on them) and the pool. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        workers.shutdownNow();
        open.forEach(LoopbackHttpServer::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Loopback OCSP staple endpoint stopped accepting: {}", e.toString());
                }
                return;
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException busy) {
                // Every thread is taken and the queue is full: a fast "no" beats a wait that JSSE would time out.
                drop(socket);
            }
        }
    }

    private void serve(Socket socket) {
        long deadline = System.nanoTime() + settings.connectionTimeout().toNanos();
        try {
            Request request = read(new BufferedInputStream(new DeadlineInputStream(socket, deadline)));
            if (request == null) {
                drop(socket);
                return;
            }
            byte[] body = handler.answer(request);
            OutputStream out = socket.getOutputStream();
            String head = body == null ? "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Type: " + settings.contentType() + "\r\nContent-Length: "
                            + body.length + "\r\n";
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            closeQuietly(socket);
            open.remove(socket);
        } catch (IOException | RuntimeException e) {
            // SocketTimeoutException: the peer was too slow for its deadline. Others: it went away or sent garbage.
            drop(socket);
        }
    }

    /** Reads a request, or returns {@code null} when it is malformed or too large. */
    private Request read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            return null;
        }
        int length = 0;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String field = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (field.equals("transfer-encoding")) {
                return null;
            }
            if (field.equals("content-length")) {
                try {
                    length = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        if (length < 0 || length > settings.maxBodyBytes()) {
            return null;
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            return null;
        }
        return new Request(requestLine[0], requestLine[1], body);
    }

    /** The request line and headers, without the blank line; {@code null} if the peer ended or sent too much. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != END_OF_HEAD) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEAD_BYTES) {
                return null;
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private void drop(Socket socket) {
        dropped.incrementAndGet();
        closeQuietly(socket);
        open.remove(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing is all we wanted; nothing is left to do if it fails.
        }
    }

    /** Reads from a socket, each read waiting at most until the connection's deadline. */
    private static final class DeadlineInputStream extends InputStream {

        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInputStream(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }

        private void arm() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("connection deadline passed");
            }
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        }
    }
}
