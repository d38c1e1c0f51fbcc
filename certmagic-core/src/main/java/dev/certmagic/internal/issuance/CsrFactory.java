package dev.certmagic.internal.issuance;

import java.io.IOException;
import java.security.KeyPair;
import java.util.List;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import dev.certmagic.certificate.HostNames;

/**
 * Builds the PKCS#10 request the flow hands to an issuer: every name as a dNSName (an IP address as an iPAddress,
 * RFC 8738), the primary one as common name
 * (when short enough for it), and, on request, the TLS Feature "status_request" extension (OCSP must-staple,
 * RFC 7633).
 */
final class CsrFactory {

    /** The TLS Feature value for status_request (OCSP must-staple). */
    private static final int STATUS_REQUEST = 5;

    /** id-pe-tlsfeature (RFC 7633). */
    static final ASN1ObjectIdentifier TLS_FEATURE = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24");

    private CsrFactory() {
    }

    static byte[] create(List<String> names, KeyPair keyPair, boolean mustStaple) {
        try {
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
            // An IP address never goes into the common name (CAs, Let's Encrypt among them, refuse that).
            if (names.get(0).length() <= 64 && !HostNames.isIpAddress(names.get(0))) {
                subject.addRDN(BCStyle.CN, names.get(0));
            }
            X500Name subjectName = subject.build();
            GeneralName[] altNames = names.stream().map(CsrFactory::alternativeName).toArray(GeneralName[]::new);
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
            if (mustStaple) {
                extensions.addExtension(TLS_FEATURE, false,
                        new DERSequence(new ASN1Integer(STATUS_REQUEST)));
            }
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subjectName,
                    keyPair.getPublic());
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            String algorithm = switch (keyPair.getPrivate().getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                default -> keyPair.getPublic() instanceof java.security.interfaces.ECPublicKey ec
                        && ec.getParams().getCurve().getField().getFieldSize() > 256
                        ? "SHA384withECDSA" : "SHA256withECDSA";
            };
            return builder.build(new JcaContentSignerBuilder(algorithm).build(keyPair.getPrivate())).getEncoded();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot build the CSR for " + names, e);
        }
    }

    /** A name as its SAN entry: IP literals as iPAddress (the literal, never resolved), others as dNSName. */
    static GeneralName alternativeName(String name) {
        if (!HostNames.isIpAddress(name)) {
            return new GeneralName(GeneralName.dNSName, name);
        }
        String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        // BouncyCastle parses the literal itself: no resolver is involved.
        return new GeneralName(GeneralName.iPAddress, literal);
    }
}
