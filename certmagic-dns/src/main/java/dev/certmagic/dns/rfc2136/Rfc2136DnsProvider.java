package dev.certmagic.dns.rfc2136;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

import dev.certmagic.dns.DnsProvider;
import dev.certmagic.dns.resolve.DnsQueries;
import dev.certmagic.dns.resolve.DnsServers;
import dev.certmagic.dns.resolve.ZoneFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Update;

/**
 * A {@link DnsProvider} that writes TXT records by RFC 2136 dynamic update, signed with TSIG (RFC 8945): works
 * with BIND, Knot, PowerDNS, Windows DNS and many hosted services (lego's {@code rfc2136} provider). Adding keeps
 * the other values of the name; deleting removes exactly one value. The zone is the configured one or, as lego
 * does, the one whose SOA the update server reports for the record's name.
 */
public final class Rfc2136DnsProvider implements DnsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(Rfc2136DnsProvider.class);

    private final Rfc2136Settings settings;
    private final DnsQueries queries;

    /**
     * Creates the provider; nothing is sent until the first record.
     *
     * @param settings the server, zone and key
     */
    public Rfc2136DnsProvider(Rfc2136Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queries = new DnsQueries(settings.timeout());
    }

    @Override
    public void appendTxt(String fqdn, String value) throws IOException {
        Name name = DnsQueries.absolute(fqdn);
        Update update = new Update(zone(name));
        update.add(new TXTRecord(name, DClass.IN, settings.ttl().toSeconds(), value));
        send(update, "add TXT " + name);
    }

    @Override
    public void deleteTxt(String fqdn, String value) throws IOException {
        Name name = DnsQueries.absolute(fqdn);
        Update update = new Update(zone(name));
        update.delete(new TXTRecord(name, DClass.IN, 0, value));
        send(update, "delete TXT " + name);
    }

    private Name zone(Name name) throws IOException {
        if (settings.zone() != null) {
            return DnsQueries.absolute(settings.zone());
        }
        return new ZoneFinder(queries).find(name, List.of(address())).name();
    }

    /** The server's address, its name resolved now rather than at startup (a DNS server's address may change). */
    private InetSocketAddress address() throws IOException {
        InetSocketAddress server = settings.server();
        if (!server.isUnresolved()) {
            return server;
        }
        InetSocketAddress resolved = new InetSocketAddress(server.getHostString(), server.getPort());
        if (resolved.isUnresolved()) {
            throw new IOException("DNS server " + server.getHostString() + " (certmagic.dns.rfc2136.server) has no "
                    + "address");
        }
        return resolved;
    }

    private void send(Update update, String what) throws IOException {
        String server = DnsServers.describe(settings.server());
        SimpleResolver resolver = new SimpleResolver(address());
        resolver.setTimeout(settings.timeout());
        resolver.setTCP(true);
        if (settings.tsigKeyName() != null) {
            resolver.setTSIGKey(settings.tsig());
        }
        Message answer;
        for (int attempt = 1; ; attempt++) {
            try {
                answer = resolver.send(update);
            } catch (IOException e) {
                throw new IOException("DNS server " + server + " could not be reached for the update (" + what
                        + "): " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                        e);
            }
            // A server that just started has been seen to answer its first update SERVFAIL; one retry covers it.
            if (answer.getRcode() == Rcode.SERVFAIL && attempt == 1) {
                LOG.debug("DNS server {} answered SERVFAIL to {}; retrying once", server, what);
                continue;
            }
            break;
        }
        if (answer.getRcode() != Rcode.NOERROR) {
            TSIGRecord tsig = answer.getTSIG();
            String tsigError = tsig != null && tsig.getError() != Rcode.NOERROR
                    ? " (TSIG " + Rcode.TSIGstring(tsig.getError()) + ")" : "";
            String hint = answer.getRcode() == Rcode.NOTAUTH || answer.getRcode() == Rcode.REFUSED
                    ? ": check the TSIG key name, algorithm and secret, and the zone's allow-update policy" : "";
            throw new IOException("DNS server " + server + " refused the update (" + what + ") with "
                    + Rcode.string(answer.getRcode()) + tsigError + hint);
        }
    }
}
