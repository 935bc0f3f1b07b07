/**
 * Annotations that turn Spring beans into Moleculer services ({@link MoleculerService},
 * {@link Action}, {@link Event}, {@link Param}, {@link Meta}) and the bean post-processor that
 * registers them in the broker.
 */
@NullMarked
package io.github.moleculerspring.annotation;

import org.jspecify.annotations.NullMarked;
