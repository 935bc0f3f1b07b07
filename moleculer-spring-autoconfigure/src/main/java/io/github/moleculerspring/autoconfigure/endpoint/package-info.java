/**
 * Auto-configuration of the {@code moleculer} Actuator endpoint.
 */
@NullMarked
package io.github.moleculerspring.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
