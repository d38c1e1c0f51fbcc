package dev.certmagic.ondemand;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the builders, so that every setting names itself in its error.
 */
final class Arguments {

    private Arguments() {
    }

    static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
        return duration;
    }

    static int requireAtLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
        return value;
    }
}
