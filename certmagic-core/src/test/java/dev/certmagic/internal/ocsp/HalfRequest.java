package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A local peer that starts an OCSP POST and never finishes it: the request head, then 10 of 1,000 body bytes. */
final class HalfRequest {

    private HalfRequest() {
    }

    static Socket open(URI endpoint) throws IOException {
        return open(endpoint, "Content-Length: 1000");
    }

    static Socket open(URI endpoint, String framing) throws IOException {
        Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\nContent-Type: application/ocsp-request\r\n"
                + framing + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[10]);
        out.flush();
        return socket;
    }

    /** Waits until the server closed the connection; false when it is still open at the deadline. */
    static boolean closedByServerWithin(Socket socket, Duration deadline) throws IOException {
        socket.setSoTimeout((int) deadline.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // An answer is allowed (e.g. a refusal); what matters is that the connection ends.
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
