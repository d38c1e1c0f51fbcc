/**
 * certmagic-core: obtains, serves and renews TLS certificates over ACME, free of any framework. Start at
 * {@link dev.certmagic.CertificateManager}.
 *
 * <p>Exports only the API packages. {@code dev.certmagic.internal.*} is not exported: on the module path nothing
 * outside this module can reach it. On the class path (Spring Boot's world, where the auto-configuration and the
 * tests run) this descriptor is ignored, and the package names and each package's {@code package-info} carry the
 * boundary instead.
 */
module dev.certmagic.core {
    requires transitive org.shredzone.acme4j;
    requires transitive java.net.http;
    requires static transitive org.jspecify;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.slf4j;
    requires java.naming;
    requires jdk.httpserver;

    exports dev.certmagic;
    exports dev.certmagic.acme;
    exports dev.certmagic.acme.challenge;
    exports dev.certmagic.certificate;
    exports dev.certmagic.dns;
    exports dev.certmagic.event;
    exports dev.certmagic.issuance;
    exports dev.certmagic.ocsp;
    exports dev.certmagic.ondemand;
    exports dev.certmagic.status;
    exports dev.certmagic.storage;
    exports dev.certmagic.tls;
}
