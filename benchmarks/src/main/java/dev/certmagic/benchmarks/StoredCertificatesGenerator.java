package dev.certmagic.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import dev.certmagic.certificate.KeyType;
import dev.certmagic.internal.issuance.CertificateAssets;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.StorageKeys;

/**
 * Fills a {@link FileStorage} with N valid certificates exactly as the application would have stored them for a
 * given ACME directory, for the startup scenario ({@code benchmarks/load/startup.sh}): a restart with that many
 * certificates in storage must serve them without asking the CA.
 *
 * <p>Each name gets its own ECDSA P-256 key and leaf, signed by one test CA and valid from an hour ago for 90
 * days, so no renewal is due for 60 days (renewal starts when a third of the lifetime remains). Keys and layout
 * come from the core ({@link StorageKeys#issuerKey}, {@link CertificateAssets#store}), never from hand-built
 * paths, so the files are those a real run would have left. Also writes a properties file naming every domain
 * ({@code certmagic.domains=...}) for {@code --spring.config.additional-location}, and the list of names, one a
 * line, in the same order.
 *
 * <pre>
 * java -cp benchmarks.jar dev.certmagic.benchmarks.StoredCertificatesGenerator \
 *     &lt;storage root&gt; &lt;ACME directory URL&gt; &lt;count&gt; &lt;output folder&gt;
 * </pre>
 */
public final class StoredCertificatesGenerator {

    /** Where the names live; {@code .example} cannot collide with real names. */
    static final String DOMAIN = "startup.certmagic.example";

    private StoredCertificatesGenerator() {
    }

    /**
     * Generates the certificates.
     *
     * @param args storage root, ACME directory URL, count, output folder (for {@code domains.properties} and
     *     {@code names.txt})
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: StoredCertificatesGenerator <storage root> <ACME directory URL> <count> "
                    + "<output folder>");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        String issuerKey = StorageKeys.issuerKey(URI.create(args[1]));
        int count = Integer.parseInt(args[2]);
        Path output = Files.createDirectories(Path.of(args[3]));
        List<String> names = names(count);
        long started = System.nanoTime();
        generate(root, issuerKey, names);
        Files.write(output.resolve("names.txt"), names, StandardCharsets.US_ASCII);
        Files.writeString(output.resolve("domains.properties"), "certmagic.domains=" + String.join(",", names)
                + "\n", StandardCharsets.US_ASCII);
        System.out.printf(Locale.ROOT, "stored %d certificates under %s/%s/%s in %.1f s%n", count, root,
                StorageKeys.CERTIFICATES, issuerKey, (System.nanoTime() - started) / 1e9);
    }

    static List<String> names(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(String.format(Locale.ROOT, "site-%05d.%s", i, DOMAIN));
        }
        return names;
    }

    private static void generate(Path root, String issuerKey, List<String> names) throws Exception {
        KeyPair caKey = ecKeyPair();
        X500Name caName = new X500Name("CN=certmagic startup benchmark CA");
        Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        Instant notAfter = notBefore.plus(Duration.ofDays(90));
        X509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                Date.from(notBefore), Date.from(notBefore.plus(Duration.ofDays(3650))), caName, caKey.getPublic());
        rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ContentSigner caSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate());
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(rootBuilder.build(caSigner));
        AtomicLong serial = new AtomicLong(1);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try (FileStorage storage = FileStorage.builder(root).build()) {
            CertificateAssets assets = new CertificateAssets(storage);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
                                .build(caKey.getPrivate());
                        for (int i = first; i < names.size(); i += threads) {
                            String name = names.get(i);
                            KeyPair leafKey = ecKeyPair();
                            X509v3CertificateBuilder leaf = new JcaX509v3CertificateBuilder(caName,
                                    BigInteger.valueOf(serial.incrementAndGet()), Date.from(notBefore),
                                    Date.from(notAfter), new X500Name("CN=" + name), leafKey.getPublic());
                            leaf.addExtension(Extension.subjectAlternativeName, false,
                                    new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
                            X509Certificate certificate = new JcaX509CertificateConverter()
                                    .getCertificate(leaf.build(signer));
                            assets.store(List.of(name), List.of(certificate, ca), leafKey.getPrivate(), issuerKey,
                                    KeyType.EC256, notBefore);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
        } catch (IOException e) {
            throw new IOException("Cannot write to " + root + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }
}
