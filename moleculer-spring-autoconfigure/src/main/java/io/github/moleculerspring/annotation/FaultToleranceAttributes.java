package io.github.moleculerspring.annotation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@link CircuitBreaker @CircuitBreaker}, {@link Retry @Retry} and
 * {@link Bulkhead @Bulkhead} into Moleculer's {@code circuitBreaker}, {@code retryPolicy} and
 * {@code bulkhead} descriptor maps: Moleculer's keys and units, {@code enabled} always present,
 * other attributes only when set, so that callers fill in the rest from their own settings.
 */
final class FaultToleranceAttributes {

	private static final int UNSET = -1;

	private FaultToleranceAttributes() {
	}

	/**
	 * The {@code circuitBreaker} map of an annotation.
	 * @param annotation the annotation
	 * @return the map
	 * @throws IllegalArgumentException when an attribute is out of range
	 */
	static Map<String, Object> circuitBreaker(CircuitBreaker annotation) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("enabled", annotation.enabled());
		if (annotation.threshold() != UNSET) {
			check(annotation.threshold() > 0 && annotation.threshold() <= 1, "@CircuitBreaker", "threshold",
					annotation.threshold(), "must be greater than 0 and at most 1");
			options.put("threshold", annotation.threshold());
		}
		if (annotation.minRequestCount() != UNSET) {
			check(annotation.minRequestCount() >= 1, "@CircuitBreaker", "minRequestCount",
					annotation.minRequestCount(), "must be at least 1");
			options.put("minRequestCount", annotation.minRequestCount());
		}
		if (annotation.windowTime() != UNSET) {
			check(annotation.windowTime() > 0, "@CircuitBreaker", "windowTime", annotation.windowTime(),
					"must be positive");
			options.put("windowTime", annotation.windowTime());
		}
		if (annotation.halfOpenTime() != UNSET) {
			check(annotation.halfOpenTime() >= 0, "@CircuitBreaker", "halfOpenTime", annotation.halfOpenTime(),
					"must not be negative");
			options.put("halfOpenTime", annotation.halfOpenTime());
		}
		return options;
	}

	/**
	 * The {@code retryPolicy} map of an annotation.
	 * @param annotation the annotation
	 * @return the map
	 * @throws IllegalArgumentException when an attribute is out of range
	 */
	static Map<String, Object> retryPolicy(Retry annotation) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("enabled", annotation.enabled());
		if (annotation.retries() != UNSET) {
			check(annotation.retries() >= 0, "@Retry", "retries", annotation.retries(), "must not be negative");
			options.put("retries", annotation.retries());
		}
		if (annotation.delay() != UNSET) {
			check(annotation.delay() >= 0, "@Retry", "delay", annotation.delay(), "must not be negative");
			options.put("delay", annotation.delay());
		}
		if (annotation.maxDelay() != UNSET) {
			check(annotation.maxDelay() >= 0, "@Retry", "maxDelay", annotation.maxDelay(), "must not be negative");
			options.put("maxDelay", annotation.maxDelay());
		}
		if (annotation.factor() != UNSET) {
			check(annotation.factor() >= 1, "@Retry", "factor", annotation.factor(), "must be at least 1");
			options.put("factor", annotation.factor());
		}
		return options;
	}

	/**
	 * The {@code bulkhead} map of an annotation.
	 * @param annotation the annotation
	 * @return the map
	 * @throws IllegalArgumentException when an attribute is out of range
	 */
	static Map<String, Object> bulkhead(Bulkhead annotation) {
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("enabled", annotation.enabled());
		if (annotation.concurrency() != UNSET) {
			check(annotation.concurrency() >= 1, "@Bulkhead", "concurrency", annotation.concurrency(),
					"must be at least 1");
			options.put("concurrency", annotation.concurrency());
		}
		if (annotation.maxQueueSize() != UNSET) {
			check(annotation.maxQueueSize() >= 0, "@Bulkhead", "maxQueueSize", annotation.maxQueueSize(),
					"must not be negative (0 means no limit)");
			options.put("maxQueueSize", annotation.maxQueueSize());
		}
		return options;
	}

	private static void check(boolean valid, String annotation, String attribute, Object value, String reason) {
		if (!valid) {
			throw new IllegalArgumentException(annotation + "(" + attribute + " = " + value + ") " + reason
					+ "; -1 inherits the broker's setting");
		}
	}

}
