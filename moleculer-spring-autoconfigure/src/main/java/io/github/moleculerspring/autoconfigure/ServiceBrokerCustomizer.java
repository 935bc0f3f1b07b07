package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.broker.BrokerOptions;

/**
 * Customizes the {@link BrokerOptions} of the auto-configured
 * {@link io.github.moleculerspring.broker.ServiceBroker} after the {@code moleculer.*} properties
 * are applied, for options that have no property (strategies, executor, error stack traces...).
 * Customizers run in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface ServiceBrokerCustomizer {

	/**
	 * Customizes the options.
	 * @param builder the options builder
	 */
	void customize(BrokerOptions.Builder builder);

}
