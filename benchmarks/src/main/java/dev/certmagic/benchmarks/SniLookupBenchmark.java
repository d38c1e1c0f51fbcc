package dev.certmagic.benchmarks;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.certmagic.internal.cache.CertificateCache;
import dev.certmagic.internal.tls.SniKeyManager;
import dev.certmagic.tls.ChallengeCertificates;

/**
 * The handshake path of the key manager: SNI → normalized name → cache lookup (exact, or wildcard) → alias →
 * chain and private key, at 10, 10,000 and 100,000 cached certificates. The JSSE session reading around it is
 * constant work and not measured.
 *
 * <ul>
 * <li>{@code hotNames}: a fixed set of 8 names, the same at every size: shows that the lookup does no work
 * proportional to the number of certificates.</li>
 * <li>{@code anyName}: names drawn uniformly from all cached ones: adds the CPU-cache misses of a large working
 * set, which no data structure avoids.</li>
 * <li>{@code wildcardName}: a name only a wildcard certificate covers (one extra lookup).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SniLookupBenchmark {

    private static final int SAMPLE = 4096;

    @Param({"10", "10000", "100000"})
    public int count;

    private SniKeyManager keyManager;
    private String[] hotNames;
    private String[] anyNames;
    private String[] wildcardNames;

    /** Fills the cache; certificate generation dominates the setup time at 100,000. */
    @Setup(Level.Trial)
    public void fillCache() throws Exception {
        BenchmarkCertificates certificates = BenchmarkCertificates.create();
        CertificateCache cache = new CertificateCache(Clock.systemUTC());
        for (int i = 0; i < count - 1; i++) {
            cache.add(certificates.issue(name(i)));
        }
        cache.add(certificates.issue("*.wild.bench.test"));
        keyManager = new SniKeyManager(cache, ChallengeCertificates.NONE, null);

        SplittableRandom random = new SplittableRandom(42);
        hotNames = new String[SAMPLE];
        anyNames = new String[SAMPLE];
        wildcardNames = new String[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            hotNames[i] = name(i % Math.min(8, count - 1));
            anyNames[i] = name(random.nextInt(count - 1));
            wildcardNames[i] = "w" + (i % 64) + ".wild.bench.test";
        }
    }

    static String name(int i) {
        return "host" + i + ".bench.test";
    }

    /** Per-thread position in the name samples. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            next = (next + 1) & (SAMPLE - 1);
            return next;
        }
    }

    @Benchmark
    public void hotNames(Cursor cursor, Blackhole blackhole) {
        handshake(hotNames[cursor.advance()], blackhole);
    }

    @Benchmark
    public void anyName(Cursor cursor, Blackhole blackhole) {
        handshake(anyNames[cursor.advance()], blackhole);
    }

    @Benchmark
    public void wildcardName(Cursor cursor, Blackhole blackhole) {
        handshake(wildcardNames[cursor.advance()], blackhole);
    }

    private void handshake(String sni, Blackhole blackhole) {
        String alias = keyManager.selectAlias("RSA", sni, null);
        X509Certificate[] chain = keyManager.getCertificateChain(alias);
        PrivateKey key = keyManager.getPrivateKey(alias);
        blackhole.consume(chain);
        blackhole.consume(key);
    }
}
