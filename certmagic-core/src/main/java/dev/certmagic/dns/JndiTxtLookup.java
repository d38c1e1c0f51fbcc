package dev.certmagic.dns;

import java.io.IOException;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Objects;
import java.util.Set;

import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A {@link TxtLookup} through the JDK's DNS provider (JNDI), against given resolvers or the system's. Asking the
 * zone's authoritative servers directly gives the quickest answer; the system resolver may cache a missing record.
 */
public final class JndiTxtLookup implements TxtLookup {

    private final String providerUrl;

    /**
     * Creates a lookup.
     *
     * @param resolvers resolvers as {@code host:port} separated by spaces, e.g. {@code 127.0.0.1:8053}; empty for
     *     the system's resolvers
     */
    public JndiTxtLookup(String resolvers) {
        Objects.requireNonNull(resolvers, "resolvers");
        StringBuilder url = new StringBuilder();
        for (String resolver : resolvers.trim().split("\\s+")) {
            if (!resolver.isEmpty()) {
                url.append(url.length() == 0 ? "" : " ").append("dns://").append(resolver);
            }
        }
        this.providerUrl = url.length() == 0 ? "dns:" : url.toString();
    }

    @Override
    public Set<String> lookup(String fqdn) throws IOException {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        environment.put("java.naming.provider.url", providerUrl);
        environment.put("com.sun.jndi.dns.timeout.initial", "500");
        environment.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext context = null;
        try {
            context = new InitialDirContext(environment);
            Attributes attributes = context.getAttributes(fqdn, new String[] {"TXT"});
            Attribute txt = attributes.get("TXT");
            Set<String> values = new HashSet<>();
            if (txt != null) {
                NamingEnumeration<?> all = txt.getAll();
                while (all.hasMore()) {
                    values.add(unquote(String.valueOf(all.next())));
                }
            }
            return values;
        } catch (NameNotFoundException e) {
            return Set.of();
        } catch (NamingException e) {
            throw new IOException("TXT lookup of " + fqdn + " failed: " + e.getMessage(), e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException ignored) {
                    // Nothing to release beyond the socket, which is closed already.
                }
            }
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
