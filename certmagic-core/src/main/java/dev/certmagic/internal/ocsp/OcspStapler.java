package dev.certmagic.internal.ocsp;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.OcspStapleUpdatedEvent;
import dev.certmagic.internal.event.CertificateEventDispatcher;
import dev.certmagic.ocsp.OcspOptions;
import dev.certmagic.storage.KeyNotFoundException;
import dev.certmagic.storage.Storage;
import dev.certmagic.storage.StorageKeys;

/**
 * Keeps a validated OCSP response on each certificate that names a responder, in memory (on the
 * {@link ManagedCertificate}) and in {@link Storage} as raw DER under the very key Go CertMagic uses
 * ({@link CertMagicStapleKey}, built with {@link StorageKeys#ocspStaple}), as CertMagic's {@code ocsp.go} does, so
 * that Caddy and this project share staples in a shared storage.
 *
 * <p>A stored response that is still valid is used without any network traffic, so a restart or a responder
 * outage does not lose the staple. A new response is fetched when half of the current one's validity has passed
 * ({@link #needsRefresh}). A failed fetch keeps the current response until it expires and is then dropped:
 * stapling an expired response would make clients reject the handshake. A certificate that names no responder
 * (and has no configured override) causes no traffic and no log line above DEBUG, which is the normal case for
 * Let's Encrypt since 2025. A {@code revoked} status is reported to the {@link RevocationHandler}; an
 * {@code unknown} one is not stapled.
 *
 * <p>Thread-safe: all state lives in storage and in the immutable certificates passed in and out.
 */
public final class OcspStapler {

    private static final Logger LOG = LoggerFactory.getLogger(OcspStapler.class);

    private final Storage storage;
    private final OcspClient client;
    private final OcspOptions options;
    private final OcspResponseValidator validator;
    private final CertificateEventDispatcher events;
    private final RevocationHandler revocationHandler;
    private final Clock clock;

    /**
     * Creates a stapler; it does nothing until asked.
     *
     * @param storage where responses are persisted
     * @param client the HTTP side
     * @param options responder overrides and clock skew
     * @param events receives {@link OcspStapleUpdatedEvent}s
     * @param revocationHandler told about revoked certificates
     * @param clock the time source for {@link #staple(ManagedCertificate)}
     */
    public OcspStapler(Storage storage, OcspClient client, OcspOptions options, CertificateEventDispatcher events,
            RevocationHandler revocationHandler, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.validator = new OcspResponseValidator(options.clockSkew());
        this.events = Objects.requireNonNull(events, "events");
        this.revocationHandler = Objects.requireNonNull(revocationHandler, "revocationHandler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Staples a certificate that was just obtained or loaded: a valid stored response is used as is, otherwise
     * one is fetched. Call it before the certificate enters the cache.
     *
     * @param certificate the certificate
     * @return the certificate with its staple, or the same instance when it has none to carry
     * @throws InterruptedException if interrupted while waiting for the responder
     */
    public ManagedCertificate staple(ManagedCertificate certificate) throws InterruptedException {
        return update(certificate, clock.instant());
    }

    /**
     * Refreshes every certificate whose staple is missing, due ({@link #needsRefresh}) or expired: the
     * maintenance job calls this every {@code ocspCheckInterval(...)}. One certificate's failure never
     * stops the others.
     *
     * @param certificates the certificates currently served
     * @param now the current time
     * @return the certificates whose staple changed (new instances, to swap into the cache); unchanged ones are
     *     left out
     * @throws InterruptedException if interrupted while waiting for a responder
     */
    public List<ManagedCertificate> refreshAll(Collection<ManagedCertificate> certificates, Instant now)
            throws InterruptedException {
        List<ManagedCertificate> updated = new ArrayList<>();
        for (ManagedCertificate certificate : certificates) {
            ManagedCertificate result = update(certificate, now);
            if (result != certificate) {
                updated.add(result);
            }
        }
        return updated;
    }

    /**
     * Decides whether a new response should be fetched: when there is none, or half of its validity window
     * ({@code thisUpdate..nextUpdate}) has passed. Pure.
     *
     * @param certificate the certificate (a response outliving it is never kept, so it is not consulted yet; it
     *     keeps the decision's signature stable for rules that need it, such as certificates about to expire)
     * @param staple the status of the current response, or {@code null} when there is none
     * @param now the current time
     * @return whether to fetch
     */
    public static boolean needsRefresh(ManagedCertificate certificate, OcspStatus staple, Instant now) {
        Objects.requireNonNull(certificate, "certificate");
        return staple == null || !now.isBefore(staple.refreshAt());
    }

    /**
     * Reads the status of the response a certificate carries, for health and the actuator.
     *
     * @param certificate the certificate
     * @return the status, or empty when it carries no (readable) staple
     */
    public static Optional<OcspStatus> status(ManagedCertificate certificate) {
        byte[] staple = certificate.ocspStaple();
        if (staple == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OcspResponseValidator.read(staple));
        } catch (OcspException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns the responder to ask about a certificate: an override of the URL in its AIA extension, that URL, or
     * the default responder.
     *
     * @param certificate the certificate
     * @return the responder, or empty when there is none to ask
     */
    public Optional<URI> responderFor(ManagedCertificate certificate) {
        Optional<URI> named = aiaResponder(certificate.leaf());
        if (named.isPresent()) {
            return Optional.of(options.responderOverrides().getOrDefault(named.get(), named.get()));
        }
        return Optional.ofNullable(options.defaultResponder());
    }

    private ManagedCertificate update(ManagedCertificate certificate, Instant now) throws InterruptedException {
        Optional<URI> responder = responderFor(certificate);
        if (responder.isEmpty()) {
            LOG.debug("No OCSP responder for {}: not stapling", certificate.names());
            return certificate;
        }
        if (certificate.chain().size() < 2) {
            LOG.warn("Cannot staple OCSP for {}: the chain holds no issuer certificate", certificate.names());
            return certificate;
        }
        X509Certificate issuer = certificate.chain().get(1);
        byte[] currentDer = certificate.ocspStaple();
        OcspStatus current = currentDer == null ? null : validOrNull(currentDer, certificate, issuer, now, "held");
        boolean fromStorage = false;
        if (current == null) {
            currentDer = loadStored(certificate);
            current = currentDer == null ? null : validOrNull(currentDer, certificate, issuer, now, "stored");
            fromStorage = current != null;
        }
        if (!needsRefresh(certificate, current, now)) {
            if (!fromStorage) {
                return certificate;
            }
            ManagedCertificate stapled = certificate.withOcspStaple(currentDer);
            LOG.debug("Using stored OCSP response for {} (status {}, next update {})", certificate.names(),
                    current.status().label(), current.nextUpdate());
            reportIfRevoked(stapled, current);
            return stapled;
        }
        try {
            byte[] fetched = client.fetch(responder.get(), certificate.leaf(), issuer);
            OcspStatus status = validator.validate(fetched, certificate.leaf(), issuer, now);
            if (status.status() == OcspStatus.Status.UNKNOWN) {
                throw new OcspException("OCSP responder " + responder.get() + " does not know the certificate");
            }
            return keep(certificate, fetched, status, now);
        } catch (OcspException e) {
            LOG.warn("OCSP refresh for {} failed: {}; {}", certificate.names(), e.getMessage(),
                    current != null ? "keeping the response valid until " + current.nextUpdate()
                            : "serving without a staple");
            if (current == null) {
                return certificate.ocspStaple() == null ? certificate : certificate.withOcspStaple(null);
            }
            return fromStorage ? certificate.withOcspStaple(currentDer) : certificate;
        }
    }

    private ManagedCertificate keep(ManagedCertificate certificate, byte[] der, OcspStatus status, Instant now) {
        try {
            storage.store(storageKey(certificate), der);
        } catch (IOException e) {
            LOG.warn("Cannot persist the OCSP response for {} (it is still stapled): {}", certificate.names(),
                    e.toString());
        }
        ManagedCertificate stapled = certificate.withOcspStaple(der);
        LOG.debug("Stapling new OCSP response for {} (status {}, next update {})", certificate.names(),
                status.status().label(), status.nextUpdate());
        events.publish(new OcspStapleUpdatedEvent(certificate.names(), status.status().label(),
                status.nextUpdate(), now));
        reportIfRevoked(stapled, status);
        return stapled;
    }

    private void reportIfRevoked(ManagedCertificate certificate, OcspStatus status) {
        if (status.status() != OcspStatus.Status.REVOKED) {
            return;
        }
        LOG.warn("Certificate {} (serial {}) is REVOKED since {}, reason {}: replacing it", certificate.names(),
                certificate.leaf().getSerialNumber().toString(16), status.revokedAt(), status.reason());
        try {
            revocationHandler.onRevoked(certificate, status);
        } catch (RuntimeException e) {
            LOG.error("Revocation handler failed for {}", certificate.names(), e);
        }
    }

    private OcspStatus validOrNull(byte[] der, ManagedCertificate certificate, X509Certificate issuer,
            Instant now, String what) {
        try {
            OcspStatus status = validator.validate(der, certificate.leaf(), issuer, now);
            return status.status() == OcspStatus.Status.UNKNOWN ? null : status;
        } catch (OcspException e) {
            LOG.debug("Ignoring {} OCSP response for {}: {}", what, certificate.names(), e.getMessage());
            return null;
        }
    }

    private byte[] loadStored(ManagedCertificate certificate) {
        try {
            return storage.load(storageKey(certificate));
        } catch (KeyNotFoundException e) {
            return loadLegacy(certificate);
        } catch (IOException e) {
            LOG.warn("Cannot read the stored OCSP response for {}: {}", certificate.names(), e.toString());
            return null;
        }
    }

    private byte[] loadLegacy(ManagedCertificate certificate) {
        try {
            // Validated like any stored response before it is stapled; the next refresh stores under CertMagic's key.
            return storage.load(CertMagicStapleKey.legacy(certificate));
        } catch (IOException e) {
            return null;
        }
    }

    static String storageKey(ManagedCertificate certificate) {
        return CertMagicStapleKey.of(certificate);
    }

    static Optional<URI> aiaResponder(X509Certificate leaf) {
        AuthorityInformationAccess access;
        try {
            access = AuthorityInformationAccess.fromExtensions(new JcaX509CertificateHolder(leaf).getExtensions());
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (access == null) {
            return Optional.empty();
        }
        return Arrays.stream(access.getAccessDescriptions())
                .filter(d -> AccessDescription.id_ad_ocsp.equals(d.getAccessMethod()))
                .map(AccessDescription::getAccessLocation)
                .filter(name -> name.getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(name -> ASN1IA5String.getInstance(name.getName()).getString())
                .flatMap(OcspStapler::httpUri)
                .findFirst();
    }

    private static java.util.stream.Stream<URI> httpUri(String text) {
        try {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
                    ? java.util.stream.Stream.of(uri) : java.util.stream.Stream.empty();
        } catch (IllegalArgumentException e) {
            return java.util.stream.Stream.empty();
        }
    }
}
