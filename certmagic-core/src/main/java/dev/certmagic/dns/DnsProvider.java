package dev.certmagic.dns;

import java.io.IOException;

/**
 * Creates and removes TXT records at a DNS provider, for the DNS-01 challenge: the port of libdns's
 * {@code RecordAppender}/{@code RecordDeleter} as used by CertMagic's {@code DNSProvider}.
 *
 * <p>Names are fully qualified with a trailing dot, e.g. {@code _acme-challenge.example.com.}. Appending must keep
 * other TXT values of the same name (a certificate for {@code example.com} and {@code *.example.com} validates two
 * values on one name at once); deleting removes only the given value. Implementations must be safe for concurrent
 * use.
 */
public interface DnsProvider {

    /**
     * Adds a TXT record value, keeping existing values of the same name.
     *
     * @param fqdn the record's fully qualified name, with trailing dot
     * @param value the TXT value
     * @throws IOException if the provider refused or could not be reached
     */
    void appendTxt(String fqdn, String value) throws IOException;

    /**
     * Removes one TXT record value. Removing a value that does not exist is not an error.
     *
     * @param fqdn the record's fully qualified name, with trailing dot
     * @param value the TXT value to remove
     * @throws IOException if the provider refused or could not be reached
     */
    void deleteTxt(String fqdn, String value) throws IOException;
}
