package dev.certmagic.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The local CA used with {@code certmagic.ca=internal} or an {@code internal} entry of {@code certmagic.issuers}
 * ({@code certmagic.internal.*}).
 */
public class InternalCaProperties {

    /**
     * Lifetime of the certificates the local CA issues; they are renewed at half of it.
     */
    private Duration lifetime = Duration.ofHours(12);

    /**
     * File the local CA's root certificate (PEM) is written to, for clients to trust (curl --cacert FILE).
     */
    private @Nullable Path rootExport;

    public Duration getLifetime() {
        return lifetime;
    }

    public void setLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public @Nullable Path getRootExport() {
        return rootExport;
    }

    public void setRootExport(@Nullable Path rootExport) {
        this.rootExport = rootExport;
    }
}
