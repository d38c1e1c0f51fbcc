package dev.certmagic.testsupport;

import java.util.Map;

/**
 * The knobs of one Pebble run, as plain values so that a {@link Pebble} can also be started without JUnit.
 *
 * @param nonceReject percentage of nonces rejected as {@code badNonce}
 * @param validityPeriodSeconds lifetime of issued certificates, 0 for Pebble's default
 * @param authzReuse percentage of authorizations reused
 * @param vaNoSleep whether to validate without random delay
 * @param eabKeys External Account Binding keys (key id to base64url HMAC key); when not empty, Pebble requires
 *     EAB for every new account
 * @param alternateRoots how many alternate issuance chains Pebble offers besides the default one
 * @param ocspResponderUrl the OCSP responder URL Pebble writes into issued certificates' AIA extension
 *     ({@code ocspResponderURL}); empty for none
 * @param dnsServer the DNS server Pebble resolves names and DNS-01 records with ({@code -dnsserver host:port}),
 *     e.g. a test's own BIND; empty for the pebble-challtestsrv started beside it
 */
public record PebbleSettings(int nonceReject, long validityPeriodSeconds, int authzReuse, boolean vaNoSleep,
        Map<String, String> eabKeys, int alternateRoots, String ocspResponderUrl, String dnsServer) {

    /** Pebble's defaults, with validation delays switched off. */
    public static final PebbleSettings DEFAULTS = new PebbleSettings(5, 0, 50, true, Map.of(), 0);

    /**
     * Checks the ranges.
     *
     * @param nonceReject percentage of nonces rejected as {@code badNonce}
     * @param validityPeriodSeconds lifetime of issued certificates, 0 for Pebble's default
     * @param authzReuse percentage of authorizations reused
     * @param vaNoSleep whether to validate without random delay
     * @param eabKeys External Account Binding keys
     * @param alternateRoots how many alternate chains Pebble offers
     * @param ocspResponderUrl the OCSP responder URL put into issued certificates; empty for none
     * @param dnsServer Pebble's DNS server as {@code host:port}; empty for pebble-challtestsrv
     */
    public PebbleSettings {
        if (nonceReject < 0 || nonceReject > 100 || authzReuse < 0 || authzReuse > 100) {
            throw new IllegalArgumentException("nonceReject and authzReuse are percentages (0..100)");
        }
        if (validityPeriodSeconds < 0 || alternateRoots < 0) {
            throw new IllegalArgumentException("validityPeriodSeconds and alternateRoots must not be negative");
        }
        eabKeys = Map.copyOf(eabKeys);
        ocspResponderUrl = ocspResponderUrl == null ? "" : ocspResponderUrl;
        dnsServer = dnsServer == null ? "" : dnsServer;
    }

    /**
     * Creates settings with pebble-challtestsrv as Pebble's DNS server.
     *
     * @param nonceReject percentage of nonces rejected as {@code badNonce}
     * @param validityPeriodSeconds lifetime of issued certificates, 0 for Pebble's default
     * @param authzReuse percentage of authorizations reused
     * @param vaNoSleep whether to validate without random delay
     * @param eabKeys External Account Binding keys
     * @param alternateRoots how many alternate chains Pebble offers
     * @param ocspResponderUrl the OCSP responder URL put into issued certificates; empty for none
     */
    public PebbleSettings(int nonceReject, long validityPeriodSeconds, int authzReuse, boolean vaNoSleep,
            Map<String, String> eabKeys, int alternateRoots, String ocspResponderUrl) {
        this(nonceReject, validityPeriodSeconds, authzReuse, vaNoSleep, eabKeys, alternateRoots, ocspResponderUrl,
                "");
    }

    /**
     * Returns a copy whose Pebble resolves every name (and validates DNS-01) through the given DNS server, such as
     * a test's own {@link BindServer}, instead of pebble-challtestsrv.
     *
     * @param hostAndPort e.g. {@code 127.0.0.1:40053}
     * @return the copy
     */
    public PebbleSettings withDnsServer(String hostAndPort) {
        return new PebbleSettings(nonceReject, validityPeriodSeconds, authzReuse, vaNoSleep, eabKeys,
                alternateRoots, ocspResponderUrl, hostAndPort);
    }

    /**
     * Creates settings without an OCSP responder URL (the form before that knob existed).
     *
     * @param nonceReject percentage of nonces rejected as {@code badNonce}
     * @param validityPeriodSeconds lifetime of issued certificates, 0 for Pebble's default
     * @param authzReuse percentage of authorizations reused
     * @param vaNoSleep whether to validate without random delay
     * @param eabKeys External Account Binding keys
     * @param alternateRoots how many alternate chains Pebble offers
     */
    public PebbleSettings(int nonceReject, long validityPeriodSeconds, int authzReuse, boolean vaNoSleep,
            Map<String, String> eabKeys, int alternateRoots) {
        this(nonceReject, validityPeriodSeconds, authzReuse, vaNoSleep, eabKeys, alternateRoots, "");
    }

    /**
     * Returns a copy whose issued certificates name an OCSP responder, typically a test's own
     * {@link OcspResponderServer} started before Pebble.
     *
     * @param url the responder URL, e.g. {@link OcspResponderServer#url()}
     * @return the copy
     */
    public PebbleSettings withOcspResponderUrl(String url) {
        return new PebbleSettings(nonceReject, validityPeriodSeconds, authzReuse, vaNoSleep, eabKeys,
                alternateRoots, url, dnsServer);
    }

    /**
     * Reads the settings of an annotation.
     *
     * @param annotation the test class's annotation
     * @return the settings
     */
    public static PebbleSettings from(WithPebble annotation) {
        Map<String, String> eab = new java.util.LinkedHashMap<>();
        for (String entry : annotation.eabKeys()) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("eabKeys entries are 'keyId:base64urlHmacKey'");
            }
            eab.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return new PebbleSettings(annotation.nonceReject(), annotation.validityPeriodSeconds(),
                annotation.authzReuse(), annotation.vaNoSleep(), eab, annotation.alternateRoots(),
                annotation.ocspResponderUrl());
    }
}
