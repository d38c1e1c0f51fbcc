package dev.certmagic.dns.resolve;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

import org.xbill.DNS.ResolverConfig;

/**
 * Parses and prints DNS server addresses ({@code host}, {@code host:port}, {@code [v6]:port}; port 53 when
 * omitted), and finds the system's resolvers.
 */
public final class DnsServers {

    /** The DNS port. */
    public static final int DEFAULT_PORT = 53;

    private DnsServers() {
    }

    /**
     * Parses one server address without resolving it when it is a literal IP address.
     *
     * @param text e.g. {@code 127.0.0.1:8053}, {@code ns1.example.com} or {@code [::1]:53}
     * @return the address
     * @throws IllegalArgumentException if the text is empty or the port is not a number from 1 to 65535
     */
    public static InetSocketAddress parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a DNS server address is empty");
        }
        String host = value;
        int port = DEFAULT_PORT;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + value + "' lacks the closing ']' of an IPv6 address");
            }
            host = value.substring(1, close);
            if (value.length() > close + 1) {
                if (value.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("'" + value + "' is not [address]:port");
                }
                port = port(value, value.substring(close + 2));
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value, value.substring(value.indexOf(':') + 1));
        }
        return new InetSocketAddress(host, port);
    }

    /**
     * Parses server addresses.
     *
     * @param texts the addresses
     * @return the parsed addresses, in order
     */
    public static List<InetSocketAddress> parseAll(Collection<String> texts) {
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String text : texts) {
            servers.add(parse(text));
        }
        return List.copyOf(servers);
    }

    /**
     * Returns the resolvers the operating system is configured with ({@code /etc/resolv.conf} and the like).
     *
     * @return the system's resolvers; may be empty
     */
    public static List<InetSocketAddress> system() {
        return List.copyOf(ResolverConfig.getCurrentConfig().servers());
    }

    /**
     * Prints an address as {@code ip:port} (or the host name when unresolved), for messages.
     *
     * @param server the address
     * @return the printed form
     */
    public static String describe(InetSocketAddress server) {
        String host = server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /**
     * Prints addresses separated by commas, for messages.
     *
     * @param servers the addresses
     * @return the printed form
     */
    public static String describe(Collection<InetSocketAddress> servers) {
        StringJoiner joined = new StringJoiner(", ");
        servers.forEach(s -> joined.add(describe(s)));
        return joined.toString();
    }

    private static int port(String value, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the whole value.
        }
        throw new IllegalArgumentException("'" + value + "' has no valid port (1 to 65535)");
    }
}
