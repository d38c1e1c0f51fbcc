package dev.certmagic.dns.resolve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Follows the CNAME records of a name to the name that really holds its records, as lego does for
 * {@code _acme-challenge} delegation: a user points {@code _acme-challenge.www.example.com} at a name in a zone
 * that allows dynamic updates, and the TXT record is written there.
 */
public final class CnameChain {

    /** More hops than any sane delegation needs; guards against loops the resolver did not catch. */
    static final int MAX_HOPS = 16;

    private final DnsQueries queries;

    /**
     * Creates the follower.
     *
     * @param queries how questions are sent
     */
    public CnameChain(DnsQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /**
     * Returns the end of the CNAME chain that starts at a name, or the name itself when it is no alias.
     *
     * @param fqdn the name, absolute
     * @param servers the servers to ask
     * @return the target name, absolute
     * @throws IOException if no server answered, or the chain loops or is too long
     */
    public Name follow(Name fqdn, List<InetSocketAddress> servers) throws IOException {
        Name current = fqdn;
        Set<Name> seen = new HashSet<>();
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (!seen.add(current)) {
                throw new IOException("The CNAME chain of " + fqdn + " loops at " + current);
            }
            Message answer = queries.queryAny(servers, current, Type.CNAME);
            if (answer.getRcode() != Rcode.NOERROR) {
                return current;
            }
            Name next = null;
            for (Record record : answer.getSection(Section.ANSWER)) {
                if (record instanceof CNAMERecord cname && cname.getName().equals(current)) {
                    next = cname.getTarget();
                }
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
        throw new IOException("The CNAME chain of " + fqdn + " is longer than " + MAX_HOPS + " hops");
    }
}
