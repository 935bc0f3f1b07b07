package io.github.moleculerspring.strategy;

import java.util.Map;

import io.github.moleculerspring.broker.ServiceBroker;

/**
 * Creates a {@link Strategy} for one endpoint list, from the options of that action (its
 * {@code strategyOptions}) or of the registry.
 */
@FunctionalInterface
public interface StrategyFactory {

	/**
	 * Creates a strategy.
	 * @param options strategy options (Moleculer's {@code strategyOptions}), possibly empty
	 * @param broker the broker the strategy serves
	 * @return a new strategy
	 */
	Strategy create(Map<String, Object> options, ServiceBroker broker);

}
