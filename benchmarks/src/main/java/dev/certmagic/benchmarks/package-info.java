/**
 * JMH benchmarks and heap measurements of the handshake path and the certificate cache, with the generator of
 * stored certificates they and the load scripts use (see {@code benchmarks/RESULTS.md}). Not API: a tool, never
 * published.
 */
@NullMarked
package dev.certmagic.benchmarks;

import org.jspecify.annotations.NullMarked;
