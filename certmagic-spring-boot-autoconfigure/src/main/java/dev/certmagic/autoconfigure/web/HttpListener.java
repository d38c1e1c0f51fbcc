package dev.certmagic.autoconfigure.web;

import java.net.InetAddress;

/**
 * Where the plain-HTTP connector listens ({@code certmagic.http.port}, {@code server.address}); it answers
 * HTTP-01 challenges and redirects everything else to HTTPS.
 *
 * @param port the TCP port; {@code 0} for any free port (tests), negative for no plain-HTTP connector
 * @param address the address to bind, or {@code null} for all interfaces
 */
public record HttpListener(int port, InetAddress address) {

    /**
     * Validates the port range.
     */
    public HttpListener {
        if (port > 65535) {
            throw new IllegalArgumentException("HTTP port must be at most 65535, was " + port);
        }
    }

    /**
     * Tells whether a plain-HTTP connector is wanted.
     *
     * @return {@code true} unless the port is negative
     */
    public boolean enabled() {
        return port >= 0;
    }
}
