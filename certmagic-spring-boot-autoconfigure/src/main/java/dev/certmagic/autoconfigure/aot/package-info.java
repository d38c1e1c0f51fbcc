/**
 * Ahead-of-time and native-image hints for the starter. Not API: found through {@code META-INF/spring/aot.factories}.
 */
@NullMarked
package dev.certmagic.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
