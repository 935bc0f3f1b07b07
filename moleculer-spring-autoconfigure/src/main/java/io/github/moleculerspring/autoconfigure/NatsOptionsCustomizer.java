package io.github.moleculerspring.autoconfigure;

import io.nats.client.Options;

/**
 * Customizes the jnats {@link Options} of the NATS transporter beyond what {@code moleculer.nats.*}
 * offers. Beans of this type are applied in order, after the properties.
 */
@FunctionalInterface
public interface NatsOptionsCustomizer {

	/**
	 * Customizes the options.
	 * @param builder the jnats options builder
	 */
	void customize(Options.Builder builder);

}
