package dev.certmagic.tls;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts certificate selections by {@link HandshakeResult}, for metrics. One {@link LongAdder} per result,
 * allocated up front: counting costs a striped increment and no allocation, so it can sit on the handshake path.
 *
 * <p>A selection is counted when the key manager hands out an alias (once per full handshake; resumed sessions
 * skip the key manager) or when it finds no certificate at all ({@link HandshakeResult#MISS}; JSSE asks once per
 * key type it can use, so a failing handshake may count a miss for each). A certificate of the wrong key type is
 * not counted, because JSSE then asks again with its next key type and that answer is the one that counts.
 */
public final class HandshakeCounters {

    private static final HandshakeResult[] RESULTS = HandshakeResult.values();

    private final LongAdder[] counters = new LongAdder[RESULTS.length];

    /**
     * Creates counters at zero.
     */
    public HandshakeCounters() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    /**
     * Counts one selection.
     *
     * @param result how it was answered
     */
    public void increment(HandshakeResult result) {
        counters[result.ordinal()].increment();
    }

    /**
     * Returns the selections counted so far with this result.
     *
     * @param result the result
     * @return the count since the key manager was created
     */
    public long count(HandshakeResult result) {
        return counters[result.ordinal()].sum();
    }
}
