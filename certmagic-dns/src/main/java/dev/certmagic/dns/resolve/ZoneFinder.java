package dev.certmagic.dns.resolve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds the zone a name belongs to by asking for the SOA record of the name and of each parent in turn until one
 * answers with it: CertMagic's {@code FindZoneByFQDN}. A name that answers with a CNAME is skipped, since a zone
 * apex cannot be an alias.
 */
public final class ZoneFinder {

    private final DnsQueries queries;

    /**
     * Creates the finder.
     *
     * @param queries how questions are sent
     */
    public ZoneFinder(DnsQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /**
     * The apex of a zone and the primary server its SOA names.
     *
     * @param name the zone apex, absolute
     * @param primaryServer the SOA's MNAME, absolute
     */
    public record Zone(Name name, Name primaryServer) {
    }

    /**
     * Finds the zone of a name.
     *
     * @param fqdn the name, absolute
     * @param servers the servers to ask (recursive resolvers, or an authoritative server of the zone)
     * @return the zone
     * @throws IOException if no server answered, one answered with an error, or no SOA was found; the message names
     *     the name and the servers
     */
    public Zone find(Name fqdn, List<InetSocketAddress> servers) throws IOException {
        Message last = null;
        for (int labels = fqdn.labels(); labels >= 1; labels--) {
            Name candidate = labels == fqdn.labels() ? fqdn : new Name(fqdn, fqdn.labels() - labels);
            Message answer = queries.queryAny(servers, candidate, Type.SOA);
            last = answer;
            int rcode = answer.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                continue;
            }
            if (rcode != Rcode.NOERROR) {
                throw new IOException("Finding the zone of " + fqdn + ": " + DnsServers.describe(servers)
                        + " answered " + Rcode.string(rcode) + " for the SOA of " + candidate);
            }
            List<Record> records = answer.getSection(Section.ANSWER);
            if (records.stream().anyMatch(CNAMERecord.class::isInstance)) {
                continue;
            }
            for (Record record : records) {
                if (record instanceof SOARecord soa) {
                    return new Zone(soa.getName(), soa.getHost());
                }
            }
        }
        throw new IOException("Could not find the zone (SOA record) of " + fqdn + " at "
                + DnsServers.describe(servers) + (last == null ? "" : " (last answer " + Rcode.string(last.getRcode())
                + ")"));
    }
}
