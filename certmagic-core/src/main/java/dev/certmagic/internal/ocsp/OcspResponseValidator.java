package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.ocsp.RevocationReason;

/**
 * Checks an OCSP response against RFC 6960 before certmagic staples or stores it: a bad staple makes strict
 * clients (and every client of a must-staple certificate) refuse the connection, so nothing unchecked is served.
 *
 * <p>Accepted are responses that are successful, hold a single response for exactly this certificate's CertID,
 * are signed by the issuer itself or by an authorized responder (a certificate issued by the issuer with the
 * {@code id-kp-OCSPSigning} extended key usage, valid now, named by the responder ID; §4.2.2.2), whose
 * {@code thisUpdate} is not in the future (beyond a small clock skew), whose {@code nextUpdate} is present, in
 * the future and not after the certificate's {@code notAfter}. Pure apart from the time passed in.
 */
public final class OcspResponseValidator {

    /** Clock difference tolerated between us and the responder for {@code thisUpdate}. */
    public static final Duration DEFAULT_CLOCK_SKEW = OcspOptions.DEFAULT_CLOCK_SKEW;

    private final Duration clockSkew;

    /**
     * Creates a validator.
     *
     * @param clockSkew how far in the future {@code thisUpdate} may lie
     */
    public OcspResponseValidator(Duration clockSkew) {
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /**
     * Validates a DER OCSP response for a certificate.
     *
     * @param der the response as received or stored
     * @param leaf the certificate it must be about
     * @param issuer the certificate that issued {@code leaf}
     * @param now the current time
     * @return what the response says
     * @throws OcspException naming the first check that failed
     */
    public OcspStatus validate(byte[] der, X509Certificate leaf, X509Certificate issuer, Instant now)
            throws OcspException {
        BasicOCSPResp basic = parse(der);
        X509CertificateHolder issuerHolder = holder(issuer);
        verifySigner(basic, issuerHolder, now);
        SingleResp single = findSingle(basic, leaf, issuerHolder);
        return checkTimes(single, leaf, now);
    }

    /**
     * Reads what a response says without checking it, for display of a staple that was validated earlier.
     *
     * @param der the DER response
     * @return the status of its first single response
     * @throws OcspException if the response cannot be parsed or carries no status with a {@code nextUpdate}
     */
    public static OcspStatus read(byte[] der) throws OcspException {
        SingleResp[] responses = parse(der).getResponses();
        if (responses.length == 0) {
            throw new OcspException("OCSP response holds no certificate status");
        }
        return statusOf(responses[0]);
    }

    private static BasicOCSPResp parse(byte[] der) throws OcspException {
        try {
            OCSPResp response = new OCSPResp(der);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new OcspException("OCSP responder answered with error status " + response.getStatus());
            }
            if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new OcspException("OCSP response is not a basic response");
            }
            return basic;
        } catch (IOException | OCSPException | RuntimeException e) {
            throw new OcspException("OCSP response is malformed: " + e.getMessage(), e);
        }
    }

    private void verifySigner(BasicOCSPResp basic, X509CertificateHolder issuer, Instant now) throws OcspException {
        RespID responderId = basic.getResponderId();
        if (matches(responderId, issuer) && signatureValid(basic, issuer)) {
            return;
        }
        for (X509CertificateHolder candidate : basic.getCerts()) {
            if (matches(responderId, candidate) && isAuthorizedResponder(candidate, issuer, now)
                    && signatureValid(basic, candidate)) {
                return;
            }
        }
        throw new OcspException("OCSP response is not signed by the issuer " + issuer.getSubject()
                + " or by a responder it authorized");
    }

    private static boolean isAuthorizedResponder(X509CertificateHolder candidate, X509CertificateHolder issuer,
            Instant now) {
        if (!candidate.getIssuer().equals(issuer.getSubject()) || !candidate.isValidOn(Date.from(now))) {
            return false;
        }
        ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(candidate.getExtensions());
        if (usage == null || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
            return false;
        }
        try {
            return candidate.isSignatureValid(verifier(issuer));
        } catch (CertException e) {
            return false;
        }
    }

    private static boolean matches(RespID responderId, X509CertificateHolder certificate) {
        try {
            return responderId.equals(new RespID(certificate.getSubject()))
                    || responderId.equals(new RespID(certificate.getSubjectPublicKeyInfo(),
                            digests().get(CertificateID.HASH_SHA1)));
        } catch (OperatorCreationException | OCSPException e) {
            return false;
        }
    }

    private static boolean signatureValid(BasicOCSPResp basic, X509CertificateHolder signer) {
        try {
            return basic.isSignatureValid(verifier(signer));
        } catch (OCSPException | IllegalStateException e) {
            return false;
        }
    }

    private static SingleResp findSingle(BasicOCSPResp basic, X509Certificate leaf, X509CertificateHolder issuer)
            throws OcspException {
        for (SingleResp single : basic.getResponses()) {
            CertificateID id = single.getCertID();
            try {
                if (id.getSerialNumber().equals(leaf.getSerialNumber()) && id.matchesIssuer(issuer, digests())) {
                    return single;
                }
            } catch (OCSPException | OperatorCreationException e) {
                throw new OcspException("Cannot compute the CertID of " + leaf.getSubjectX500Principal(), e);
            }
        }
        throw new OcspException("OCSP response holds no status for serial " + leaf.getSerialNumber().toString(16)
                + " of issuer " + issuer.getSubject());
    }

    private OcspStatus checkTimes(SingleResp single, X509Certificate leaf, Instant now) throws OcspException {
        OcspStatus status = statusOf(single);
        if (status.thisUpdate().isAfter(now.plus(clockSkew))) {
            throw new OcspException("OCSP response thisUpdate " + status.thisUpdate() + " lies in the future");
        }
        if (!status.isFresh(now)) {
            throw new OcspException("OCSP response expired at " + status.nextUpdate());
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (status.nextUpdate().isAfter(notAfter)) {
            throw new OcspException("OCSP response nextUpdate " + status.nextUpdate()
                    + " lies after the certificate's expiry " + notAfter);
        }
        return status;
    }

    private static OcspStatus statusOf(SingleResp single) throws OcspException {
        if (single.getNextUpdate() == null) {
            throw new OcspException("OCSP response has no nextUpdate, so its freshness cannot be judged");
        }
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Instant nextUpdate = single.getNextUpdate().toInstant();
        Object status = single.getCertStatus();
        if (status == CertificateStatus.GOOD) {
            return new OcspStatus(OcspStatus.Status.GOOD, null, null, thisUpdate, nextUpdate);
        }
        if (status instanceof RevokedStatus revoked) {
            RevocationReason reason = revoked.hasRevocationReason()
                    ? RevocationReason.ofCode(revoked.getRevocationReason()) : RevocationReason.UNSPECIFIED;
            return new OcspStatus(OcspStatus.Status.REVOKED, reason, revoked.getRevocationTime().toInstant(),
                    thisUpdate, nextUpdate);
        }
        if (status instanceof UnknownStatus) {
            return new OcspStatus(OcspStatus.Status.UNKNOWN, null, null, thisUpdate, nextUpdate);
        }
        throw new OcspException("OCSP response carries an unrecognized certificate status");
    }

    private static X509CertificateHolder holder(X509Certificate certificate) throws OcspException {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new OcspException("Cannot encode issuer certificate", e);
        }
    }

    private static ContentVerifierProvider verifier(X509CertificateHolder signer) {
        try {
            return new JcaContentVerifierProviderBuilder().build(signer);
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("Unsupported signer key", e);
        }
    }

    private static DigestCalculatorProvider digests() throws OperatorCreationException {
        return new JcaDigestCalculatorProviderBuilder().build();
    }
}
