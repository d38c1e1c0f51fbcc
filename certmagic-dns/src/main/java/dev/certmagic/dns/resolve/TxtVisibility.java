package dev.certmagic.dns.resolve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Tells whether a TXT value is served by every one of a set of servers: the propagation check of DNS-01. Like
 * lego (and unlike a single resolver's view) every authoritative server must answer with the value, because the
 * CA may ask any of them.
 */
public final class TxtVisibility {

    private final DnsQueries queries;

    /**
     * Creates the checker.
     *
     * @param queries how questions are sent
     */
    public TxtVisibility(DnsQueries queries) {
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /**
     * What one round of questions found.
     *
     * @param missing for each server that does not serve the value yet, why (e.g. {@code 127.0.0.2:53: NXDOMAIN})
     */
    public record Result(List<String> missing) {

        /**
         * Copies the list.
         *
         * @param missing the servers lacking the value, with reasons
         */
        public Result {
            missing = List.copyOf(missing);
        }

        /**
         * Whether every server serves the value.
         *
         * @return {@code true} when none is missing
         */
        public boolean visible() {
            return missing.isEmpty();
        }
    }

    /**
     * Asks each server once.
     *
     * @param fqdn the record's name
     * @param value the TXT value looked for
     * @param servers the servers, all of which must serve it
     * @param authoritative whether the servers are authoritative (asked without recursion)
     * @return what was found
     */
    public Result check(Name fqdn, String value, List<InetSocketAddress> servers, boolean authoritative) {
        List<String> missing = new ArrayList<>();
        for (InetSocketAddress server : servers) {
            String server1 = DnsServers.describe(server);
            try {
                Message answer = queries.query(server, fqdn, Type.TXT, !authoritative);
                if (answer.getRcode() != Rcode.NOERROR) {
                    missing.add(server1 + ": " + Rcode.string(answer.getRcode()));
                } else if (!contains(answer, fqdn, value)) {
                    missing.add(server1 + ": no matching TXT value");
                }
            } catch (IOException e) {
                missing.add(server1 + ": no answer (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Result(missing);
    }

    private static boolean contains(Message answer, Name fqdn, String value) {
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt && txt.getName().equals(fqdn)
                    && String.join("", txt.getStrings()).equals(value)) {
                return true;
            }
        }
        return false;
    }
}
