package dev.certmagic.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, because {@code java.net.http} refuses to send a chosen {@code Host} header and
 * the point of these tests is to send hostile ones.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * A parsed response.
     *
     * @param status the status code
     * @param headers header names in lower case, last value wins
     * @param body the body as ISO-8859-1 text
     */
    public record Response(int status, Map<String, String> headers, String body) {

        /**
         * Returns one header.
         *
         * @param name the header name, any case
         * @return the value or {@code null}
         */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends one request with {@code Connection: close} and reads the whole response.
     *
     * @param port the loopback port
     * @param method the request method
     * @param target the request target, sent as is
     * @param host the {@code Host} header value, or {@code null} to send none
     * @return the response
     * @throws IOException on I/O errors
     */
    public static Response send(int port, String method, String target, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            if (host != null) {
                request.append("Host: ").append(host).append("\r\n");
            }
            request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static Response parse(String raw) {
        int headerEnd = raw.indexOf("\r\n\r\n");
        String head = (headerEnd < 0) ? raw : raw.substring(0, headerEnd);
        String body = (headerEnd < 0) ? "" : raw.substring(headerEnd + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers, body);
    }
}
