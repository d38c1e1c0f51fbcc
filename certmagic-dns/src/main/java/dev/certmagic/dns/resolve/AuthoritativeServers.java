package dev.certmagic.dns.resolve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds the addresses of a zone's authoritative servers (its NS records, then their A and AAAA records, glue
 * first), so that propagation is asked of the servers themselves rather than of caches: CertMagic's
 * {@code lookupNameservers}.
 */
public final class AuthoritativeServers {

    private final DnsQueries queries;
    private final int port;

    /**
     * Creates the finder.
     *
     * @param queries how questions are sent
     * @param port the port the authoritative servers listen on (53 on the Internet)
     */
    public AuthoritativeServers(DnsQueries queries, int port) {
        this.queries = Objects.requireNonNull(queries, "queries");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535");
        }
        this.port = port;
    }

    /**
     * Returns the addresses of the zone's name servers.
     *
     * @param zone the zone apex
     * @param resolvers the servers to ask for the NS and address records
     * @return one address per server address found, in the order found
     * @throws IOException if the zone has no NS records or none of them has an address
     */
    public List<InetSocketAddress> of(Name zone, List<InetSocketAddress> resolvers) throws IOException {
        Message answer = queries.queryAny(resolvers, zone, Type.NS);
        List<Name> names = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record instanceof NSRecord ns) {
                names.add(ns.getTarget());
            }
        }
        if (names.isEmpty()) {
            throw new IOException("The zone " + zone + " has no NS records at " + DnsServers.describe(resolvers));
        }
        Set<InetSocketAddress> servers = new LinkedHashSet<>();
        for (Name name : names) {
            List<InetAddress> addresses = addresses(answer.getSection(Section.ADDITIONAL), name);
            if (addresses.isEmpty()) {
                addresses = addresses(queries.queryAny(resolvers, name, Type.A).getSection(Section.ANSWER), name);
            }
            if (addresses.isEmpty()) {
                addresses = addresses(queries.queryAny(resolvers, name, Type.AAAA).getSection(Section.ANSWER), name);
            }
            addresses.forEach(a -> servers.add(new InetSocketAddress(a, port)));
        }
        if (servers.isEmpty()) {
            throw new IOException("No address found for the name servers " + names + " of " + zone);
        }
        return List.copyOf(servers);
    }

    private static List<InetAddress> addresses(List<Record> records, Name name) {
        List<InetAddress> addresses = new ArrayList<>();
        for (Record record : records) {
            if (!record.getName().equals(name)) {
                continue;
            }
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (record instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        return addresses;
    }
}
