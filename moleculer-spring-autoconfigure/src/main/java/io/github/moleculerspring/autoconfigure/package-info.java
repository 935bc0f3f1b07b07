/**
 * Auto-configuration of a Moleculer {@link io.github.moleculerspring.broker.ServiceBroker} from
 * {@code moleculer.*} properties.
 */
@NullMarked
package io.github.moleculerspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
