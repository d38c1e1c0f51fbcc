package dev.certmagic.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends one request to an HTTPS server exactly as received, {@code Host} header included, and reads the whole
 * answer. The JDK's {@code HttpClient} cannot do this: it refuses to set {@code Host} unless a JVM-wide system
 * property is set before its first use, and Pebble checks that the {@code url} in each JWS matches the URL built
 * from the request's {@code Host}, so the proxy must forward the client's own {@code Host}.
 *
 * <p>Requests go out as HTTP/1.0 with {@code Connection: close}: the server then sends the body without chunking
 * and closes, so the body is simply everything until end of stream.
 */
final class RawHttpsForwarder {

    /** Request headers worth passing on; hop-by-hop and length headers are set by this class. */
    private static final List<String> FORWARDED = List.of("content-type", "accept", "accept-language",
            "user-agent", "if-modified-since");

    private final SSLContext trust;
    private final String host;
    private final int port;

    RawHttpsForwarder(SSLContext trust, String host, int port) {
        this.trust = trust;
        this.host = host;
        this.port = port;
    }

    /** One answer: status, headers in order (names as sent), body. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    Response send(String method, String pathAndQuery, String hostHeader, Map<String, List<String>> headers,
            byte[] body) throws IOException {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.0\r\n")
                    .append("Host: ").append(hostHeader).append("\r\n").append("Connection: close\r\n");
            headers.forEach((name, values) -> {
                if (FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
                }
            });
            if (body.length > 0 || "POST".equals(method)) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(new java.io.BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("Not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
            }
        }
        return new Response(status, List.copyOf(headers), in.readAllBytes());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
