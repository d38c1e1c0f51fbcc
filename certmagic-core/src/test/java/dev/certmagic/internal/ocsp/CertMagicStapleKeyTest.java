package dev.certmagic.internal.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.crypto.FastHash;
import dev.certmagic.testsupport.TestCertificates;
import dev.certmagic.testsupport.TestKeys;

class CertMagicStapleKeyTest {

    @Test
    void theKeyIsTheLowercasedCommonNameAndTheFastHashOfThePemBundle() {
        TestCertificates.Held leaf = TestCertificates.leaf("Shop.Example.com", "a.example.com").build();
        ManagedCertificate certificate = ManagedCertificate.of(leaf.chain(), leaf.privateKey(), true, "ca");

        assertThat(CertMagicStapleKey.of(certificate)).isEqualTo("ocsp/shop.example.com-"
                + FastHash.of(PemCodec.writeCertificates(certificate.chain())));
    }

    @Test
    void withoutACommonNameTheFirstDnsNameComesBeforeAnyIpAddress() throws Exception {
        X509Certificate leaf = withoutCommonName(new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
                new GeneralName(GeneralName.dNSName, "Second.example"));

        assertThat(CertMagicStapleKey.firstName(leaf)).isEqualTo("second.example");
    }

    @Test
    void withOnlyAnIpv6AddressTheNameIsGosCompressedForm() throws Exception {
        X509Certificate leaf = withoutCommonName(new GeneralName(GeneralName.iPAddress, "2001:db8:0:0:0:0:0:1"));

        assertThat(CertMagicStapleKey.firstName(leaf)).isEqualTo("2001:db8::1");
    }

    @Test
    void formatsIpAddressesAsGosNetIpString() {
        assertThat(CertMagicStapleKey.goIpString("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(CertMagicStapleKey.goIpString("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1");
        assertThat(CertMagicStapleKey.goIpString("1:0:0:2:0:0:3:4")).as("first of equal runs").isEqualTo("1::2:0:0:3:4");
        assertThat(CertMagicStapleKey.goIpString("1:2:3:4:5:6:7:0")).as("a single zero group stays")
                .isEqualTo("1:2:3:4:5:6:7:0");
        assertThat(CertMagicStapleKey.goIpString("FE80:0:0:0:0:0:0:ABCD")).isEqualTo("fe80::abcd");
        assertThat(CertMagicStapleKey.goIpString("192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void theEarlierKeyIsStillComputedForUpgrades() {
        TestCertificates.Held leaf = TestCertificates.leaf("old.example.com").build();
        ManagedCertificate certificate = ManagedCertificate.of(leaf.chain(), leaf.privateKey(), true, "ca");

        assertThat(CertMagicStapleKey.legacy(certificate)).isEqualTo("ocsp/old.example.com-" + certificate.hash());
    }

    private static X509Certificate withoutCommonName(GeneralName... names) throws Exception {
        KeyPair keyPair = TestKeys.ec();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("O=Test"),
                BigInteger.TEN, Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), new X500Name(""),
                keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(names));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate())));
    }
}
