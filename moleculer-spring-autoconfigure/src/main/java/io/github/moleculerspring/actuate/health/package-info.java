/**
 * Actuator health indicator of a Moleculer {@link io.github.moleculerspring.broker.ServiceBroker}.
 */
@NullMarked
package io.github.moleculerspring.actuate.health;

import org.jspecify.annotations.NullMarked;
