package dev.certmagic.autoconfigure.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.X509KeyManager;

import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.testsupport.TestCertificates;

class CertMagicSslBundlesTest {

    private final AtomicReference<List<ManagedCertificate>> cache = new AtomicReference<>(List.of());
    private final CertMagicSslBundles bundles = new CertMagicSslBundles(cache::get);
    private final DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();

    @Test
    void beforeAnyCertificateTheAggregateBundleExistsAndIsEmpty() throws Exception {
        bundles.registerBundles(registry);

        assertThat(registry.getBundleNames()).containsExactly("certmagic");
        assertThat(registry.getBundle("certmagic").getStores().getKeyStore().size()).isZero();
    }

    @Test
    void eachNameGetsItsBundleAndTheAggregateHoldsEveryCertificate() throws Exception {
        ManagedCertificate shop = certificate("shop.example", "www.shop.example");
        ManagedCertificate api = certificate("api.example");
        cache.set(List.of(shop, api));

        bundles.registerBundles(registry);

        assertThat(registry.getBundleNames()).containsExactlyInAnyOrder("certmagic", "certmagic:shop.example",
                "certmagic:www.shop.example", "certmagic:api.example");
        assertThat(serial(registry.getBundle("certmagic"), "shop.example")).isEqualTo(shop.leaf().getSerialNumber());
        assertThat(serial(registry.getBundle("certmagic"), "api.example")).isEqualTo(api.leaf().getSerialNumber());
        assertThat(serial(registry.getBundle("certmagic:www.shop.example"), "shop.example"))
                .isEqualTo(shop.leaf().getSerialNumber());
    }

    @Test
    void aRenewalUpdatesTheBundlesOfItsNamesOnlyAndAnUnchangedCacheUpdatesNothing() throws Exception {
        ManagedCertificate shop = certificate("shop.example");
        ManagedCertificate api = certificate("api.example");
        cache.set(List.of(shop, api));
        bundles.registerBundles(registry);
        List<String> updated = new CopyOnWriteArrayList<>();
        for (String name : registry.getBundleNames()) {
            registry.addBundleUpdateHandler(name, bundle -> updated.add(name));
        }

        bundles.publish();
        assertThat(updated).as("nothing changed").isEmpty();

        ManagedCertificate renewed = certificate("shop.example");
        cache.set(List.of(shop, api, renewed)); // the old one lingers while the swap completes
        bundles.publish();

        assertThat(updated).containsExactlyInAnyOrder("certmagic", "certmagic:shop.example");
        assertThat(serial(registry.getBundle("certmagic:shop.example"), "shop.example"))
                .isEqualTo(renewed.leaf().getSerialNumber());
        assertThat(registry.getBundle("certmagic").getStores().getKeyStore().size()).as("old one dropped")
                .isEqualTo(2);
    }

    @Test
    void aNameBundlesKeyManagerChoosesItsCertificate() {
        ManagedCertificate shop = certificate("shop.example");
        ManagedCertificate api = certificate("api.example");
        cache.set(List.of(shop, api));
        bundles.registerBundles(registry);

        X509KeyManager keyManager = (X509KeyManager) registry.getBundle("certmagic:api.example").getManagers()
                .getKeyManagers()[0];
        String alias = keyManager.chooseClientAlias(new String[] {"EC"}, (Principal[]) null, null);

        assertThat(keyManager.getCertificateChain(alias)[0]).isEqualTo(api.leaf());
    }

    private static java.math.BigInteger serial(SslBundle bundle, String alias) throws Exception {
        return ((X509Certificate) bundle.getStores().getKeyStore().getCertificate(alias)).getSerialNumber();
    }

    private static ManagedCertificate certificate(String... names) {
        TestCertificates.Held held = TestCertificates.leaf(names).build();
        return ManagedCertificate.of(held.chain(), held.privateKey(), true, "test-ca");
    }
}
