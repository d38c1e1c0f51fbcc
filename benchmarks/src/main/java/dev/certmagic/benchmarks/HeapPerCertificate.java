package dev.certmagic.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;

import dev.certmagic.internal.cache.CertificateCache;

/**
 * Measures the heap one cached certificate costs: used heap after a full GC with N certificates cached, minus
 * used heap after a full GC with the same generator ready and nothing cached, divided by N.
 *
 * <p>Counted per entry: its own leaf {@code X509Certificate} (parsed by the JDK, with its DER), the
 * {@code ManagedCertificate} (names, hash, alias, chain list and array) and the cache's index entries (by alias,
 * by name). Shared, counted once in the baseline: the RSA key pair and the CA certificate at the end of every
 * chain, as with real certificates from one CA and, for the key, as one server's reused key would be.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.certmagic.benchmarks.HeapPerCertificate 100000}
 */
public final class HeapPerCertificate {

    private HeapPerCertificate() {
    }

    /**
     * Runs the measurement.
     *
     * @param args the number of certificates (default 100,000)
     * @throws Exception if certificates cannot be made
     */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        BenchmarkCertificates certificates = BenchmarkCertificates.create();
        CertificateCache cache = new CertificateCache(Clock.systemUTC());
        // Warm up the classes involved so their metadata is not counted.
        cache.add(certificates.issue("warmup.bench.test"));
        cache.remove(cache.all().get(0));
        cache.expireRetired(java.time.Instant.now().plusSeconds(3600));

        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            cache.add(certificates.issue(SniLookupBenchmark.name(i)));
        }
        long after = usedAfterGc();

        if (cache.size() != count) {
            throw new IllegalStateException("expected " + count + " entries, cache has " + cache.size());
        }
        double perCertificate = (after - before) / (double) count;
        System.out.printf("certificates cached: %d%n", cache.size());
        System.out.printf("heap used before: %,d bytes, after: %,d bytes%n", before, after);
        System.out.printf("heap per cached certificate: %.0f bytes (%.2f KiB)%n", perCertificate,
                perCertificate / 1024);
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
