package dev.certmagic.internal.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomParameters;
import java.security.SecureRandomSpi;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The {@link SecureRandom} of certmagic's server {@code SSLContext}: every call goes to a generator that belongs to
 * the calling thread, so concurrent TLS handshakes never wait on one another for random bytes.
 *
 * <p>Why: JSSE draws from the context's generator several times per handshake (server random, session ID, the
 * ephemeral key share, session ticket nonces). Without one passed to {@code SSLContext.init}, that is one
 * {@code new SecureRandom()}: on Linux a {@code NativePRNG}, whose every instance shares one static state mixed
 * through one {@code sun.security.provider.SecureRandom} with a {@code synchronized engineNextBytes}. Under a
 * handshake flood on a CPU-starved machine a thread holding that monitor gets descheduled and every other
 * handshake, served names included, queues behind it (a thread dump showed 106 Tomcat workers BLOCKED there; see
 * benchmarks/RESULTS.md, "On-demand flood"). Per-thread {@code NativePRNG} instances would not help, as they share
 * that state; so each thread gets its own {@code DRBG} (the JDK's NIST SP 800-90A generator: Hash_DRBG over SHA-256
 * at 128-bit strength by default, tunable through the {@code securerandom.drbg.config} security property), seeded
 * from the JDK's entropy source when the thread first draws. A runtime without {@code DRBG} (a FIPS provider
 * setup) gets its default algorithm instead, per thread too.
 *
 * <p>Every public method of {@code SecureRandom} that produces or takes randomness is delegated (the inherited
 * {@code nextInt}, {@code nextLong}, streams, ... draw through {@link #nextBytes(byte[])}). {@link #setSeed(byte[])}
 * and {@link #reseed()} affect only the calling thread's generator (a DRBG mixes a seed in, never replaces its
 * state). What this cannot change: signatures that JSSE makes without a generator (the ECDSA nonce of
 * CertificateVerify) use the JDK's one default instance, one draw per full handshake.
 *
 * <p>With virtual threads each virtual thread instantiates its own generator on first use: one draw from the JDK's
 * shared seeder per handshake, instead of several from the shared default generator.
 */
public final class PerThreadSecureRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    /** The algorithm asked for first: its instances share nothing, unlike {@code NativePRNG}'s. */
    static final String ALGORITHM = "DRBG";

    private static final PerThreadSecureRandom SHARED = new PerThreadSecureRandom(PerThreadSecureRandom::newGenerator);

    private final transient ThreadLocal<SecureRandom> generators;

    private final transient String algorithm;

    /**
     * Creates an instance over a generator factory (tests pass one that records what it made).
     *
     * @param factory makes a new generator for each thread that draws
     */
    PerThreadSecureRandom(Supplier<SecureRandom> factory) {
        this(ThreadLocal.withInitial(Objects.requireNonNull(factory, "factory")));
    }

    private PerThreadSecureRandom(ThreadLocal<SecureRandom> generators) {
        // The provider reported is the calling thread's generator's; the SPI only backs SecureRandom methods that
        // a future JDK might add without this class overriding them.
        super(new Delegating(generators), generators.get().getProvider());
        this.generators = generators;
        this.algorithm = generators.get().getAlgorithm();
    }

    /**
     * Returns the instance for server TLS contexts; one per JVM is enough, its state is per thread.
     *
     * @return the shared instance
     */
    public static PerThreadSecureRandom shared() {
        return SHARED;
    }

    /** The calling thread's generator; package-private so that tests can tell threads' generators apart. */
    SecureRandom current() {
        return generators.get();
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public @Nullable SecureRandomParameters getParameters() {
        return current().getParameters();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        current().nextBytes(bytes);
    }

    @Override
    public void nextBytes(byte[] bytes, SecureRandomParameters params) {
        current().nextBytes(bytes, params);
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        return current().generateSeed(numBytes);
    }

    @Override
    public void setSeed(byte[] seed) {
        // Also reached from SecureRandom's constructor via setSeed(long) only for a non-zero seed, which it never
        // passes; guarded all the same, as the field is not assigned yet at that point.
        if (generators != null) {
            current().setSeed(seed);
        }
    }

    @Override
    public void reseed() {
        current().reseed();
    }

    @Override
    public void reseed(SecureRandomParameters params) {
        current().reseed(params);
    }

    /** {@code Random.nextGaussian} is {@code synchronized} on the instance: delegated so it takes no shared lock. */
    @Override
    public double nextGaussian() {
        return current().nextGaussian();
    }

    @Override
    public String toString() {
        return "PerThreadSecureRandom[" + algorithm + " per thread]";
    }

    /** Backs the base class for anything it does not route through the overrides above. */
    private static final class Delegating extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;

        private final transient ThreadLocal<SecureRandom> generators;

        Delegating(ThreadLocal<SecureRandom> generators) {
            this.generators = generators;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            generators.get().setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            generators.get().nextBytes(bytes);
        }

        @Override
        protected void engineNextBytes(byte[] bytes, SecureRandomParameters params) {
            generators.get().nextBytes(bytes, params);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return generators.get().generateSeed(numBytes);
        }

        @Override
        protected void engineReseed(SecureRandomParameters params) {
            generators.get().reseed(params);
        }

        @Override
        protected @Nullable SecureRandomParameters engineGetParameters() {
            return generators.get().getParameters();
        }
    }
}
