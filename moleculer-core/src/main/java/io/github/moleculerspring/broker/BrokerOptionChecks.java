package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.Objects;

import io.github.moleculerspring.strategy.StrategyFactory;
import io.github.moleculerspring.strategy.UnknownStrategyException;

/**
 * The range and consistency rules of {@link BrokerOptions}, in one place. A value out of range is
 * rejected with the option's name, never silently changed.
 */
final class BrokerOptionChecks {

	private BrokerOptionChecks() {
	}

	static Duration notNegative(Duration duration, String name, String meaningOfZero) {
		if (Objects.requireNonNull(duration, name).isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative" + meaningOfZero + ", not " + duration);
		}
		return duration;
	}

	static int notNegative(int value, String name, String meaningOfZero) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must not be negative" + meaningOfZero + ", not " + value);
		}
		return value;
	}

	static int atLeastOne(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, not " + value);
		}
		return value;
	}

	/**
	 * The strategy of a name: the one rule of which strategy names are known.
	 * @throws UnknownStrategyException when none is registered under the name
	 */
	static StrategyFactory strategy(BrokerOptionValues values, String name) {
		StrategyFactory factory = values.strategies.get(name);
		if (factory == null) {
			throw new UnknownStrategyException(name, values.strategies.keySet());
		}
		return factory;
	}

	/** The rules between options: a known default strategy, a heartbeat timeout above the interval. */
	static void consistent(BrokerOptionValues values) {
		strategy(values, values.strategy);
		if (!values.heartbeatTimeout.isZero() && !values.heartbeatInterval.isZero()
				&& values.heartbeatTimeout.compareTo(values.heartbeatInterval) <= 0) {
			throw new IllegalArgumentException("heartbeatTimeout (" + values.heartbeatTimeout
					+ ") must be longer than heartbeatInterval (" + values.heartbeatInterval + ")");
		}
	}

}
