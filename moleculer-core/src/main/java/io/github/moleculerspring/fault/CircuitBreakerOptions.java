package io.github.moleculerspring.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import org.jspecify.annotations.Nullable;

/**
 * Moleculer's circuit breaker options, defaults from Moleculer.js 0.15: disabled, opens when the
 * failure rate reaches {@code threshold} (0.5) over at least {@code minRequestCount} (20) calls
 * within {@code windowTime} (60 s), and lets one probe through after {@code halfOpenTime} (10 s).
 * By default a failure is an error with code 500 or more that came from the target node.
 * @param enabled whether the breaker is on
 * @param threshold failure rate (0-1) that opens it
 * @param minRequestCount calls needed in the window before the rate counts
 * @param windowTime the window of calls considered
 * @param halfOpenTime how long it stays open before a probe
 * @param check which errors count as failures
 */
public record CircuitBreakerOptions(boolean enabled, double threshold, int minRequestCount, Duration windowTime,
		Duration halfOpenTime, Predicate<Throwable> check) {

	/** Moleculer's default failure check: {@code code >= 500}. */
	public static final Predicate<Throwable> DEFAULT_CHECK = (error) -> {
		Throwable cause = MoleculerErrors.unwrap(error);
		return !(cause instanceof MoleculerError moleculerError) || moleculerError.getCode() >= 500;
	};

	public CircuitBreakerOptions {
		if (threshold <= 0 || threshold > 1) {
			throw new InvalidOptionException("threshold", threshold, "must be greater than 0 and at most 1");
		}
		if (minRequestCount < 1) {
			throw new InvalidOptionException("minRequestCount", minRequestCount, "must be at least 1");
		}
	}

	/** Moleculer's defaults (disabled). */
	public static CircuitBreakerOptions defaults() {
		return new CircuitBreakerOptions(false, 0.5, 20, Duration.ofSeconds(60), Duration.ofSeconds(10), DEFAULT_CHECK);
	}

	public CircuitBreakerOptions withEnabled(boolean enabled) {
		return new CircuitBreakerOptions(enabled, this.threshold, this.minRequestCount, this.windowTime,
				this.halfOpenTime, this.check);
	}

	/**
	 * These options overridden by an action's {@code circuitBreaker} map ({@code windowTime} in
	 * seconds, {@code halfOpenTime} in milliseconds, as in Moleculer).
	 * @param override the map, or {@code null}
	 * @return the merged options
	 */
	public CircuitBreakerOptions merge(@Nullable Object override) {
		Map<?, ?> map = Options.map(override);
		if (map == null) {
			return this;
		}
		return new CircuitBreakerOptions(Options.bool(map, "enabled", this.enabled),
				Options.number(map, "threshold", this.threshold),
				Options.integer(map, "minRequestCount", this.minRequestCount),
				Options.duration(map, "windowTime", this.windowTime, true),
				Options.duration(map, "halfOpenTime", this.halfOpenTime, false), this.check);
	}

	/** The options as a Moleculer descriptor map. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("enabled", this.enabled);
		map.put("threshold", this.threshold);
		map.put("minRequestCount", this.minRequestCount);
		map.put("windowTime", this.windowTime.toMillis() / 1000.0);
		map.put("halfOpenTime", this.halfOpenTime.toMillis());
		return map;
	}

}
