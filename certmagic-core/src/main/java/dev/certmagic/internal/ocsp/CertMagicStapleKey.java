package dev.certmagic.internal.ocsp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.crypto.FastHash;
import dev.certmagic.storage.StorageKeys;

/**
 * Names an OCSP staple in storage exactly as Go CertMagic's {@code KeyBuilder.OCSPStaple} does, so that Caddy and
 * this project find each other's staples in a shared storage: {@code ocsp/<first name>-<fastHash of the PEM
 * bundle>}. CertMagic's first name is the leaf's common name when it has one, else its first DNS name, else its first
 * IP address — an order that differs from {@link ManagedCertificate#names()}, which is why it is computed here.
 *
 * <p>The bundle CertMagic hashes is the {@code .crt} file as stored. This project writes that file with
 * {@link PemCodec#writeCertificates}, and Go's {@code pem.Encode} (used by CertMagic and by Go CAs such as Boulder and
 * Pebble for the chains they hand out) produces the same bytes, so re-encoding the chain reproduces them. Should a
 * file ever be laid out differently the only cost is that each side fetches its own staple.
 */
final class CertMagicStapleKey {

    private CertMagicStapleKey() {
    }

    /**
     * Returns the storage key of the certificate's staple.
     *
     * @param certificate the certificate
     * @return the key CertMagic uses for it
     */
    static String of(ManagedCertificate certificate) {
        String hash = FastHash.of(PemCodec.writeCertificates(certificate.chain()));
        String first = firstName(certificate.leaf());
        return first == null ? StorageKeys.OCSP + "/" + hash : StorageKeys.ocspStaple(first, hash);
    }

    /**
     * Returns the key under which earlier versions of this project kept the staple, read once so that an upgrade does
     * not discard a staple that is still good.
     *
     * @param certificate the certificate
     * @return the earlier key
     */
    static String legacy(ManagedCertificate certificate) {
        return StorageKeys.ocspStaple(certificate.names().get(0), certificate.hash());
    }

    static String firstName(X509Certificate leaf) {
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        RDN[] commonNames = subject.getRDNs(BCStyle.CN);
        if (commonNames.length > 0) {
            String cn = IETFUtils.valueToString(commonNames[0].getFirst().getValue());
            if (!cn.isEmpty()) {
                return cn.toLowerCase(Locale.ROOT);
            }
        }
        String firstIp = null;
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans == null) {
                return null;
            }
            for (List<?> san : sans) {
                if (Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String dns) {
                    return dns.toLowerCase(Locale.ROOT);
                }
                if (firstIp == null && Integer.valueOf(7).equals(san.get(0)) && san.get(1) instanceof String ip) {
                    firstIp = goIpString(ip);
                }
            }
        } catch (CertificateParsingException e) {
            return null;
        }
        return firstIp;
    }

    /** Formats an IP address as Go's {@code net.IP.String} does: RFC 5952 for IPv6, dotted quad for IPv4. */
    static String goIpString(String literal) {
        if (!HostNames.isIpAddress(literal)) {
            return literal.toLowerCase(Locale.ROOT);
        }
        byte[] address;
        try {
            address = InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            return literal.toLowerCase(Locale.ROOT);
        }
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first one on a tie) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
