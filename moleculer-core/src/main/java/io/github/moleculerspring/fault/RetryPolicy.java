package io.github.moleculerspring.fault;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import org.jspecify.annotations.Nullable;

/**
 * Moleculer's retry policy, defaults from Moleculer.js 0.15: disabled, 5 retries, delay 100 ms
 * growing by {@code factor} 2 up to {@code maxDelay} 1 s, retrying errors whose {@code retryable}
 * flag is set. Retries happen on the caller only, and each retry selects an endpoint again.
 * @param enabled whether failed calls are retried
 * @param retries the number of retries
 * @param delay the first delay
 * @param maxDelay the longest delay
 * @param factor the growth of the delay per retry
 * @param check which errors are retried
 */
public record RetryPolicy(boolean enabled, int retries, Duration delay, Duration maxDelay, double factor,
		Predicate<Throwable> check) {

	/** Moleculer's default check: the error's {@code retryable} flag. */
	public static final Predicate<Throwable> DEFAULT_CHECK = (error) -> MoleculerErrors
		.unwrap(error) instanceof MoleculerError moleculerError && moleculerError.isRetryable();

	public RetryPolicy {
		if (retries < 0) {
			throw new InvalidOptionException("retries", retries, "must not be negative");
		}
		if (factor < 1) {
			throw new InvalidOptionException("factor", factor, "must be at least 1");
		}
	}

	/** Moleculer's defaults (disabled). */
	public static RetryPolicy defaults() {
		return new RetryPolicy(false, 5, Duration.ofMillis(100), Duration.ofSeconds(1), 2, DEFAULT_CHECK);
	}

	public RetryPolicy withEnabled(boolean enabled) {
		return new RetryPolicy(enabled, this.retries, this.delay, this.maxDelay, this.factor, this.check);
	}

	/**
	 * The wait before a retry: {@code min(delay * factor^(attempt - 1), maxDelay)}.
	 * @param attempt the retry number, from 1
	 * @return the delay
	 */
	public Duration delayFor(int attempt) {
		double millis = this.delay.toMillis() * Math.pow(this.factor, Math.max(0, attempt - 1));
		return Duration.ofMillis((long) Math.min(millis, this.maxDelay.toMillis()));
	}

	/**
	 * These options overridden by an action's {@code retryPolicy} map (milliseconds, as in Moleculer).
	 * @param override the map, or {@code null}
	 * @return the merged policy
	 */
	public RetryPolicy merge(@Nullable Object override) {
		Map<?, ?> map = Options.map(override);
		if (map == null) {
			return this;
		}
		return new RetryPolicy(Options.bool(map, "enabled", this.enabled), Options.integer(map, "retries", this.retries),
				Options.duration(map, "delay", this.delay, false), Options.duration(map, "maxDelay", this.maxDelay, false),
				Options.number(map, "factor", this.factor), this.check);
	}

	/** The policy as a Moleculer descriptor map. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("enabled", this.enabled);
		map.put("retries", this.retries);
		map.put("delay", this.delay.toMillis());
		map.put("maxDelay", this.maxDelay.toMillis());
		map.put("factor", this.factor);
		return map;
	}

}
