package dev.certmagic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.certmagic.certificate.ManagedCertificate;
import dev.certmagic.internal.cache.StoredCertificateLoader;
import dev.certmagic.issuance.IssuanceException;

/**
 * The manager's bulk verbs over names: manage (storage first, the issuer for what storage lacks, retries for what
 * failed) and load what storage holds. Both run in parallel on the manager's threads; the manager only checks its
 * state and normalizes the names first. Also turns a failed wait back into the exceptions the blocking verbs
 * declare.
 */
final class ManagedLoads {

    private final ManagerParts parts;

    ManagedLoads(ManagerParts parts) {
        this.parts = parts;
    }

    /** Makes the names managed, then gets each a certificate: see {@link CertificateManager#manageAsync}. */
    CompletableFuture<Void> manage(List<String> normalized) {
        parts.cache().setProtectedNames(parts.managedNames().add(normalized));
        List<CompletableFuture<ManagedCertificate>> futures = new ArrayList<>(normalized.size());
        for (String name : normalized) {
            futures.add(parts.loader().load(name).thenCompose(loaded -> loaded.served()
                    ? CompletableFuture.<ManagedCertificate>completedFuture(null)
                    : parts.threads().submit(() -> parts.storedOrIssued().obtainMissing(name, loaded.storedHash())))
                    .whenComplete((certificate, failure) -> {
                        if (failure != null) {
                            parts.retries().scheduleRetry(name, failure);
                        }
                    }));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /** Loads what storage holds for the names: see {@link CertificateManager#loadStoredAsync}. */
    CompletableFuture<Set<String>> loadStored(List<String> normalized) {
        List<CompletableFuture<StoredCertificateLoader.Loaded>> loads = new ArrayList<>(normalized.size());
        normalized.forEach(name -> loads.add(parts.loader().load(name)));
        return CompletableFuture.allOf(loads.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<String> loaded = new LinkedHashSet<>();
            for (int i = 0; i < normalized.size(); i++) {
                if (loads.get(i).join().served()) {
                    loaded.add(normalized.get(i));
                }
            }
            return loaded;
        });
    }

    /** The storage failure behind a failed {@link #loadStored} wait. */
    static IOException storageFailure(CompletionException e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }

    /**
     * The failure behind a failed {@link #manage} wait: an {@link IssuanceException} is returned for the caller to
     * throw; storage failures, interrupts and runtime exceptions are rethrown as they are.
     */
    static IssuanceException issuanceFailure(Throwable cause) throws IOException, InterruptedException {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IssuanceException e) {
            return e;
        }
        if (cause instanceof IOException e) {
            throw e;
        }
        if (cause instanceof InterruptedException e) {
            throw e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        throw new IOException(cause);
    }
}
