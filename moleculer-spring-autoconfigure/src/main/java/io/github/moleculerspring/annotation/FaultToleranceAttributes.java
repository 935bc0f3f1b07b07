package io.github.moleculerspring.annotation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.InvalidOptionException;
import io.github.moleculerspring.fault.RetryPolicy;

/**
 * Turns {@link CircuitBreaker @CircuitBreaker}, {@link Retry @Retry} and
 * {@link Bulkhead @Bulkhead} into Moleculer's {@code circuitBreaker}, {@code retryPolicy} and
 * {@code bulkhead} descriptor maps: Moleculer's keys and units, {@code enabled} always present,
 * other attributes only when set, so that callers fill in the rest from their own settings.
 *
 * <p>
 * The ranges are the core options' rules ({@link CircuitBreakerOptions}, {@link RetryPolicy},
 * {@link BulkheadOptions}): each map is merged into the defaults once, and the core's
 * {@link InvalidOptionException} is worded with the annotation and its attribute. Only the
 * durations, which the core options take without a check, are checked here.
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
			options.put("threshold", annotation.threshold());
		}
		if (annotation.minRequestCount() != UNSET) {
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
		return checked("@CircuitBreaker", options, CircuitBreakerOptions.defaults()::merge);
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
			options.put("factor", annotation.factor());
		}
		return checked("@Retry", options, RetryPolicy.defaults()::merge);
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
			options.put("concurrency", annotation.concurrency());
		}
		if (annotation.maxQueueSize() != UNSET) {
			options.put("maxQueueSize", annotation.maxQueueSize());
		}
		return checked("@Bulkhead", options, BulkheadOptions.defaults()::merge);
	}

	/** The map, once the core's options accept it; their failure worded with the annotation. */
	private static Map<String, Object> checked(String annotation, Map<String, Object> options,
			Function<Object, ?> merge) {
		try {
			merge.apply(options);
		}
		catch (InvalidOptionException ex) {
			throw new IllegalArgumentException(annotation + "(" + ex.option() + " = " + ex.value() + ") " + ex.reason()
					+ "; -1 inherits the broker's setting", ex);
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
