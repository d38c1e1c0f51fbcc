/**
 * The certificate manager: {@link dev.certmagic.CertificateManager} (start here), its
 * {@link dev.certmagic.CertificateManagerBuilder} and the read-only {@link dev.certmagic.CertificateManagerView}.
 * API. The package-private classes beside them assemble the manager's collaborators in dependency order
 * ({@code ManagerAssembly}) and carry the verbs the façade delegates to.
 */
@NullMarked
package dev.certmagic;

import org.jspecify.annotations.NullMarked;
