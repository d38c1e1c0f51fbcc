package dev.certmagic.dns;

import java.io.IOException;
import java.util.Set;

/**
 * Reads the TXT values of a name as resolvers see them, to wait until a DNS-01 record has propagated before the CA
 * is asked to look.
 */
@FunctionalInterface
public interface TxtLookup {

    /**
     * Returns the TXT values currently published for a name.
     *
     * @param fqdn the fully qualified name, with trailing dot
     * @return the values; empty if there are none
     * @throws IOException if the lookup failed (other than "no such record")
     */
    Set<String> lookup(String fqdn) throws IOException;
}
