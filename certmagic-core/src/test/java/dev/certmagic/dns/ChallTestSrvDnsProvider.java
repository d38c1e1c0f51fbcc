package dev.certmagic.dns;

import dev.certmagic.testsupport.Pebble;

/**
 * A test-only {@link DnsProvider} that publishes TXT records through pebble-challtestsrv's management API, which
 * is the DNS server Pebble really queries.
 */
public final class ChallTestSrvDnsProvider implements DnsProvider {

    private final Pebble pebble;

    /**
     * Creates the provider.
     *
     * @param pebble the running CA
     */
    public ChallTestSrvDnsProvider(Pebble pebble) {
        this.pebble = pebble;
    }

    @Override
    public void appendTxt(String fqdn, String value) {
        pebble.setTxt(fqdn, value);
    }

    @Override
    public void deleteTxt(String fqdn, String value) {
        // challtestsrv can only clear all values of a name; tests use distinct names.
        pebble.clearTxt(fqdn);
    }
}
