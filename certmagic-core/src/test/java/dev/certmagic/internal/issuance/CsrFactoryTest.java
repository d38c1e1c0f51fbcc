package dev.certmagic.internal.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.KeyType;

class CsrFactoryTest {

    @Test
    void theCsrNamesEveryNameAsDnsNameAndIsSignedByTheKey() throws Exception {
        KeyPair keyPair = KeyType.EC384.generate();

        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                CsrFactory.create(List.of("a.example.com", "b.example.com"), keyPair, false));

        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keyPair.getPublic()))).isTrue();
        GeneralNames names = GeneralNames.fromExtensions(extensions(csr), Extension.subjectAlternativeName);
        assertThat(names.getNames()).extracting(GeneralName::getName).extracting(Object::toString)
                .containsExactly("a.example.com", "b.example.com");
        assertThat(extensions(csr).getExtension(CsrFactory.TLS_FEATURE)).isNull();
    }

    @Test
    void mustStapleAddsTheTlsFeatureStatusRequestExtension() throws Exception {
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                CsrFactory.create(List.of("staple.example.com"), KeyType.RSA2048.generate(), true));

        Extension feature = extensions(csr).getExtension(CsrFactory.TLS_FEATURE);
        assertThat(feature).isNotNull();
        assertThat(feature.getExtnValue().getOctets()).containsExactly(0x30, 0x03, 0x02, 0x01, 0x05);
    }

    private static Extensions extensions(PKCS10CertificationRequest csr) {
        return Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues().getObjectAt(0));
    }
}
