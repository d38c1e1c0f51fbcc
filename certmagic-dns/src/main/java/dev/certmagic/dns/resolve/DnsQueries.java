package dev.certmagic.dns.resolve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends single DNS questions to given servers through dnsjava, each with a deadline. dnsjava retries a truncated
 * UDP answer over TCP by itself, as CertMagic does for the same reason (large TXT sets).
 */
public final class DnsQueries {

    private final Duration timeout;

    /**
     * Creates the query sender.
     *
     * @param timeout how long one server may take to answer one question
     */
    public DnsQueries(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the DNS query timeout must be positive");
        }
    }

    /**
     * Asks one server one question.
     *
     * @param server the server
     * @param name the name, absolute
     * @param type the record type ({@link Type})
     * @param recursionDesired whether the server may recurse (off for authoritative servers)
     * @return the answer, whatever its response code
     * @throws IOException if the server did not answer in time or could not be reached; the message names the
     *     server and the question
     */
    public Message query(InetSocketAddress server, Name name, int type, boolean recursionDesired)
            throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        if (!recursionDesired) {
            question.getHeader().unsetFlag(Flags.RD);
        }
        try {
            return resolver.send(question);
        } catch (IOException e) {
            throw new IOException("DNS server " + DnsServers.describe(server) + " did not answer " + Type.string(type)
                    + " " + name + " within " + timeout.toMillis() + " ms: " + e.getMessage(), e);
        }
    }

    /**
     * Asks the servers in turn until one answers, CertMagic's {@code dnsQuery}: the first answer with records wins;
     * otherwise the last answer (an empty or negative one), or the last error when none answered.
     *
     * @param servers the servers, in order of preference
     * @param name the name
     * @param type the record type
     * @return an answer
     * @throws IOException if no server answered
     */
    public Message queryAny(List<InetSocketAddress> servers, Name name, int type) throws IOException {
        if (servers.isEmpty()) {
            throw new IOException("No DNS server to ask about " + name + " (no resolvers are configured and the "
                    + "system has none)");
        }
        Message last = null;
        IOException failure = null;
        for (InetSocketAddress server : servers) {
            try {
                last = query(server, name, type, true);
                if (!last.getSection(org.xbill.DNS.Section.ANSWER).isEmpty()) {
                    return last;
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (last != null) {
            return last;
        }
        throw failure;
    }

    /**
     * Parses an absolute name, adding the final dot when missing.
     *
     * @param fqdn the name
     * @return the absolute name
     * @throws IllegalArgumentException if the text is not a DNS name
     */
    public static Name absolute(String fqdn) {
        try {
            return Name.fromString(fqdn.endsWith(".") ? fqdn : fqdn + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + fqdn + "' is not a DNS name: " + e.getMessage(), e);
        }
    }
}
