package dev.certmagic.autoconfigure.ssl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.event.CertificateCachedEvent;

/**
 * Publishes the certificates certmagic manages in Spring Boot's SSL bundle registry, so that the rest of the
 * application (a second connector, the management server, a gRPC server, {@code RestClient} or {@code WebClient}
 * mutual TLS) can use them by name, and sees every renewal through the registry's update handlers without a restart:
 * <ul>
 * <li>{@value #BUNDLE}: every managed certificate, each under its first name as key store alias;</li>
 * <li>{@value #NAME_PREFIX}{@code <name>}: the current certificate for one name (also for each further name a
 * certificate covers), its key the one the bundle's key manager uses.</li>
 * </ul>
 * A bundle is registered when its first certificate is cached and updated when the certificate behind it changes;
 * the registry offers no removal, so a name that stops being managed keeps its last bundle.
 */
public final class CertMagicSslBundles
        implements SslBundleRegistrar, ApplicationListener<PayloadApplicationEvent<CertificateCachedEvent>> {

    /** The bundle with every managed certificate. */
    public static final String BUNDLE = "certmagic";

    /** The prefix of the bundle that holds one name's certificate: {@code certmagic:example.com}. */
    public static final String NAME_PREFIX = "certmagic:";

    private final Supplier<List<ManagedCertificate>> certificates;
    /** Bundle name to the hashes of the certificates in it, as last published. */
    private final Map<String, String> published = new HashMap<>();
    private @Nullable SslBundleRegistry registry;

    CertMagicSslBundles(Supplier<List<ManagedCertificate>> certificates) {
        this.certificates = certificates;
    }

    @Override
    public synchronized void registerBundles(SslBundleRegistry registry) {
        this.registry = registry;
        publish();
    }

    @Override
    public void onApplicationEvent(PayloadApplicationEvent<CertificateCachedEvent> event) {
        // Every new certificate in the cache, be it loaded, obtained, renewed or replaced, announces itself so.
        publish();
    }

    @Override
    public boolean supportsAsyncExecution() {
        return false;
    }

    /** Registers or updates every bundle whose certificates changed since the last call. */
    synchronized void publish() {
        SslBundleRegistry target = registry;
        if (target == null) {
            return; // the registry is made later and then asks for everything at once
        }
        Map<String, ManagedCertificate> byName = newestByName(certificates.get());
        List<ManagedCertificate> all = byName.values().stream().distinct().toList();
        put(target, BUNDLE, all, null);
        byName.forEach((name, certificate) -> put(target, NAME_PREFIX + name, List.of(certificate),
                ManagedCertificatesBundle.aliasOf(certificate)));
    }

    private void put(SslBundleRegistry target, String bundleName, List<ManagedCertificate> content,
            @Nullable String alias) {
        String hashes = content.stream().map(ManagedCertificate::hash).sorted().collect(Collectors.joining(","));
        String previous = published.put(bundleName, hashes);
        if (previous == null) {
            target.registerBundle(bundleName, new ManagedCertificatesBundle(content, alias));
        } else if (!previous.equals(hashes)) {
            target.updateBundle(bundleName, new ManagedCertificatesBundle(content, alias));
        }
    }

    /** While a renewal swaps certificates the cache may hold two for a name; the later-expiring one is current. */
    private static Map<String, ManagedCertificate> newestByName(List<ManagedCertificate> certificates) {
        List<ManagedCertificate> ordered = new ArrayList<>(certificates);
        ordered.sort(Comparator.comparing(ManagedCertificate::notAfter));
        Map<String, ManagedCertificate> byName = new LinkedHashMap<>();
        for (ManagedCertificate certificate : ordered) {
            for (String name : certificate.names()) {
                byName.put(name, certificate);
            }
        }
        return byName;
    }
}
