package dev.certmagic.issuance;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.certmagic.certificate.HostNames;
import dev.certmagic.certificate.PemCodec;
import dev.certmagic.internal.localca.LocalAuthority;
import dev.certmagic.internal.localca.LocalAuthorityStore;
import dev.certmagic.internal.localca.LocalCertificates;
import dev.certmagic.storage.Storage;

/**
 * A local CA inside the application, Caddy's {@code tls internal}: certificates for any name, {@code localhost},
 * internal names and IP addresses included, with no network and no CA account. A root and an intermediate are made
 * once and kept in storage ({@code pki/authorities/local/}), so that every instance sharing the storage signs with
 * the same root; leaves are short-lived (12 hours by default) and renewed at half their lifetime. Clients trust
 * the {@linkplain #rootCertificate() root}, which can be exported to a file for {@code curl --cacert}.
 *
 * <p>It is never chosen on its own: a manager uses it only when it is configured as an issuer (on its own, or as an
 * entry of an issuer chain). Thread-safe.
 */
public final class InternalIssuer implements Issuer {

    /** The issuer key, as Caddy's default local CA: certificates are stored under {@code certificates/local/}. */
    public static final String ISSUER_KEY = "local";

    /** The default lifetime of a leaf certificate (Caddy's). */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

    private static final Logger LOG = LoggerFactory.getLogger(InternalIssuer.class);

    private final LocalAuthorityStore authorities;
    private final Duration lifetime;
    private final @Nullable Path rootExport;
    private final Clock clock;

    /**
     * Creates the issuer; nothing is read, made or written until the first order or {@link #prepare()}.
     *
     * @param storage where the CA's root and intermediate are kept (the manager's storage, so a cluster shares them)
     * @param lifetime the lifetime of leaf certificates; at least one minute
     * @param rootExport a file the root certificate is written to (PEM) whenever the CA is loaded, or
     *     {@code null} for none
     * @param clock the source of "now"
     */
    public InternalIssuer(Storage storage, Duration lifetime, @Nullable Path rootExport, Clock clock) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("The internal CA's certificate lifetime must be at least 1 minute, "
                    + "not " + lifetime);
        }
        if (lifetime.compareTo(LocalAuthorityStore.ROOT_LIFETIME.dividedBy(4)) > 0) {
            throw new IllegalArgumentException("The internal CA's certificate lifetime must be shorter than "
                    + LocalAuthorityStore.ROOT_LIFETIME.dividedBy(4).toDays() + " days, not " + lifetime);
        }
        this.lifetime = lifetime;
        this.rootExport = rootExport;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.authorities = new LocalAuthorityStore(storage, ISSUER_KEY, lifetime, clock);
    }

    @Override
    public String issuerKey() {
        return ISSUER_KEY;
    }

    /**
     * Accepts every name that can be a certificate subject: unlike a public CA, {@code localhost}, internal names
     * and IP addresses too.
     */
    @Override
    public void preCheck(List<String> names) throws IssuanceException {
        for (String name : names) {
            if (!HostNames.qualifies(name)) {
                throw new IssuanceException("'" + name + "' cannot be a certificate subject", false, null, null);
            }
        }
    }

    /** Loads or makes the CA and exports its root, so the first order does not wait for that work. */
    @Override
    public void prepare() {
        try {
            authority();
        } catch (IOException | RuntimeException e) {
            LOG.info("Preparing the internal CA failed; the first order tries again: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public IssuedCertificate issue(CertificateRequest request) throws IssuanceException, InterruptedException {
        preCheck(request.names());
        PublicKey publicKey = verifiedKey(request);
        LocalAuthority authority;
        try {
            authority = authority();
        } catch (IOException e) {
            throw new IssuanceException("The internal CA could not be loaded from storage: " + e.getMessage(), true,
                    null, e);
        }
        Instant now = clock.instant();
        X509Certificate leaf = LocalCertificates.leaf(publicKey, request.names(), authority, now, now.plus(lifetime));
        return new IssuedCertificate(List.of(leaf, authority.intermediate()), ISSUER_KEY);
    }

    /**
     * Returns the root certificate clients trust, making the CA if it does not exist yet.
     *
     * @return the root
     * @throws IOException if storage failed
     * @throws InterruptedException if interrupted while waiting for the storage lock
     */
    public X509Certificate rootCertificate() throws IOException, InterruptedException {
        return authority().root();
    }

    private LocalAuthority authority() throws IOException, InterruptedException {
        LocalAuthority authority = authorities.authority();
        if (rootExport != null) {
            export(authority.root());
        }
        return authority;
    }

    /** Writes the root where the operator asked, atomically, and only when it changed. */
    private void export(X509Certificate root) throws IOException {
        byte[] pem = PemCodec.writeCertificates(List.of(root));
        Path target = rootExport.toAbsolutePath();
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), pem)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".root-", ".tmp");
        try {
            Files.write(temporary, pem);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOG.info("Exported the internal CA's root certificate to {} (trust it with: curl --cacert {} ...)", target,
                target);
    }

    private static PublicKey verifiedKey(CertificateRequest request) throws IssuanceException {
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(
                    new PKCS10CertificationRequest(request.csr()));
            PublicKey key = csr.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IssuanceException("The CSR for " + request.names() + " is not signed by its key", false,
                        null, null);
            }
            return key;
        } catch (IssuanceException e) {
            throw e;
        } catch (Exception e) {
            throw new IssuanceException("Unreadable CSR for " + request.names() + ": " + e.getMessage(), false,
                    null, e);
        }
    }
}
