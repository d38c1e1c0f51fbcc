/**
 * Sample application that uses only the starter and {@code application.yml}. Not API: an example to read.
 */
@NullMarked
package dev.certmagic.sample;

import org.jspecify.annotations.NullMarked;
