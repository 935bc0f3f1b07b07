/**
 * Auto-configuration of Moleculer's metrics in the application's Micrometer {@code MeterRegistry}.
 */
@NullMarked
package io.github.moleculerspring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
