/**
 * Actuator endpoint that shows what a Moleculer {@link io.github.moleculerspring.broker.ServiceBroker} knows of its cluster.
 */
@NullMarked
package io.github.moleculerspring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
