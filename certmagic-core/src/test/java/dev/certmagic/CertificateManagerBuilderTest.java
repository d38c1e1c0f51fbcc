package dev.certmagic;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.certmagic.acme.AcmeIssuer;
import dev.certmagic.acme.AcmeIssuerBuilder;
import dev.certmagic.storage.FileStorage;
import dev.certmagic.storage.Storage;

class CertificateManagerBuilderTest {

    @TempDir
    Path root;

    @Test
    void buildingAManagerAddsNoSolverToTheCallersAcmeBuilder() {
        Storage storage = FileStorage.builder(root).build();
        AcmeIssuerBuilder acme = AcmeIssuer.builder(URI.create("https://ca.invalid/directory")).agreed(true);
        CertificateManagerBuilder builder = CertificateManager.builder().storage(storage).acme(acme);

        builder.build().close();
        builder.build().close();

        // The manager adds its HTTP-01 and TLS-ALPN-01 solvers to a copy: the caller's builder still has none.
        assertThatThrownBy(() -> acme.build(storage, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("solver");
    }
}
