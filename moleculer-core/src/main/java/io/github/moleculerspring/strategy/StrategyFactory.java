package io.github.moleculerspring.strategy;

import java.util.Map;

/**
 * Creates a {@link Strategy} for one endpoint list, from the options of that action (its
 * {@code strategyOptions}) or of the registry.
 */
@FunctionalInterface
public interface StrategyFactory {

	/**
	 * Creates a strategy.
	 * @param options strategy options (Moleculer's {@code strategyOptions}), possibly empty
	 * @param host what the strategy may use of the broker it serves
	 * @return a new strategy
	 */
	Strategy create(Map<String, Object> options, StrategyHost host);

}
