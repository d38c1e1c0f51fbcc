/**
 * Actuator support: the {@code certificates} endpoint, health indicator, info contributor and Micrometer
 * meters, all reading the core's status model. API: the endpoint and the {@code certmagic.health.*} /
 * {@code certmagic.metrics.*} properties; the rest is wiring.
 */
@NullMarked
package dev.certmagic.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
