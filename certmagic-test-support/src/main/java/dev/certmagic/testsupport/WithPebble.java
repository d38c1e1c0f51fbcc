package dev.certmagic.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a real Pebble ACME CA (and pebble-challtestsrv as its DNS server) on free loopback ports for the annotated
 * test class. Inject the running CA as a {@link Pebble} parameter (constructor, lifecycle or test method) or as a
 * {@code static Pebble} field. One Pebble serves the whole class, so keep the tests of one class independent of
 * each other's orders (use distinct names).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PebbleExtension.class)
public @interface WithPebble {

    /**
     * Percentage of valid nonces that Pebble rejects as {@code badNonce} ({@code PEBBLE_WFE_NONCEREJECT}). Pebble's
     * default of 5 proves that clients retry; 0 switches it off.
     *
     * @return a percentage, 0 to 100
     */
    int nonceReject() default 5;

    /**
     * Lifetime of issued certificates in seconds ({@code certificateValidityPeriod}); 0 keeps Pebble's default of
     * five years. Set it short to test renewal.
     *
     * @return seconds, or 0 for Pebble's default
     */
    long validityPeriodSeconds() default 0;

    /**
     * Percentage of valid authorizations Pebble reuses for new orders ({@code PEBBLE_AUTHZREUSE}). Set 0 to force
     * every order through fresh challenges.
     *
     * @return a percentage, 0 to 100
     */
    int authzReuse() default 50;

    /**
     * Whether Pebble validates challenges at once instead of after a random delay of up to 15 s
     * ({@code PEBBLE_VA_NOSLEEP}).
     *
     * @return {@code true} to validate without delay
     */
    boolean vaNoSleep() default true;

    /**
     * External Account Binding keys as {@code keyId:base64urlHmacKey}; when any are given, Pebble requires EAB for
     * every new account ({@code externalAccountBindingRequired}).
     *
     * @return the keys, empty for no EAB
     */
    String[] eabKeys() default {};

    /**
     * How many alternate issuance chains Pebble offers besides the default one ({@code PEBBLE_ALTERNATE_ROOTS}),
     * to test preferred-chain selection. Their roots are {@link Pebble#issuingRoots(int)} 1..n.
     *
     * @return the number of alternate chains
     */
    int alternateRoots() default 0;

    /**
     * The OCSP responder URL Pebble writes into issued certificates ({@code ocspResponderURL}); empty for none.
     * A responder on a free port is started before Pebble, so such tests usually call
     * {@link Pebble#start(PebbleSettings)} with {@link PebbleSettings#withOcspResponderUrl(String)} instead.
     *
     * @return the URL, or empty
     */
    String ocspResponderUrl() default "";
}
