package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OCSP responder on loopback that answers one request with {@code 200} and then a body that is too large or too
 * slow, and counts what the client actually took off the wire. A plain socket (not an HTTP server library) so that
 * the test controls every byte and learns, through a failing write, when the client hung up.
 */
final class HostileOcspResponder implements AutoCloseable {

    /** The most the responder ever sends, so that a client that reads everything still ends. */
    static final long SEND_AT_MOST = 64L * 1024 * 1024;

    private final ServerSocket server;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);

    private HostileOcspResponder(ServerSocket server, Behaviour behaviour) {
        this.server = server;
        this.thread = new Thread(() -> serve(behaviour), "hostile-ocsp-responder");
        thread.setDaemon(true);
    }

    /** What the responder sends after the request. */
    enum Behaviour {
        /** Announces 64 MiB and sends them as fast as the client takes them. */
        HUGE_WITH_LENGTH,
        /** Sends chunks without end (up to {@link #SEND_AT_MOST}) and never announces a length. */
        ENDLESS_CHUNKED,
        /** Announces 1,000 bytes and sends one every 50 ms. */
        TRICKLE
    }

    static HostileOcspResponder start(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        HostileOcspResponder responder = new HostileOcspResponder(server, behaviour);
        responder.thread.start();
        return responder;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /** Body bytes the client accepted before it hung up (or before the responder gave up). */
    long bodyBytesWritten() {
        return written.get();
    }

    /** Waits until the client hung up or everything was sent; false when the deadline passed first. */
    boolean awaitFinished(Duration deadline) throws InterruptedException {
        return finished.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve(Behaviour behaviour) {
        try (Socket socket = server.accept()) {
            // A small, fixed send buffer (no autotuning) keeps what the kernel holds on our side small and constant.
            socket.setSendBufferSize(64 * 1024);
            readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case HUGE_WITH_LENGTH -> {
                    head(out, "Content-Length: " + SEND_AT_MOST);
                    byte[] chunk = new byte[16 * 1024];
                    while (written.get() < SEND_AT_MOST) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                }
                case ENDLESS_CHUNKED -> {
                    head(out, "Transfer-Encoding: chunked");
                    byte[] chunk = new byte[16 * 1024];
                    byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
                    while (written.get() < SEND_AT_MOST) {
                        out.write(size);
                        out.write(chunk);
                        out.write(end);
                        written.addAndGet(chunk.length);
                    }
                }
                case TRICKLE -> {
                    head(out, "Content-Length: 1000");
                    for (int i = 0; i < 1000; i++) {
                        out.write(0x30);
                        out.flush();
                        written.incrementAndGet();
                        Thread.sleep(50);
                    }
                }
            }
            out.flush();
        } catch (IOException | InterruptedException hungUp) {
            // The client closed the connection: exactly what the tests wait for.
        } finally {
            finished.countDown();
        }
    }

    private static void head(OutputStream out, String framing) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the request head and its (small, Content-Length framed) body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("client left before the request ended");
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                in.readNBytes(Integer.parseInt(line.substring(colon + 1).trim()));
            }
        }
    }
}
