package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.fault.CircuitBreakerOptions;

/**
 * Decides which errors count as failures for the circuit breaker (Moleculer's
 * {@code circuitBreaker.check}). Without a bean of this type an error counts when its code is 500
 * or more; a bean replaces that rule for every action, and may delegate to
 * {@link CircuitBreakerOptions#DEFAULT_CHECK} to extend it rather than replace it.
 *
 * <pre class="code">
 * &#64;Bean
 * CircuitBreakerCheck circuitBreakerCheck() {
 * 	return (error) -&gt; !(error instanceof RequestTimeoutError)
 * 			&amp;&amp; CircuitBreakerOptions.DEFAULT_CHECK.test(error);
 * }
 * </pre>
 */
@FunctionalInterface
public interface CircuitBreakerCheck {

	/**
	 * Whether an error of a call counts as a failure of the endpoint that was called. Errors that
	 * do not count are neither failures nor successes.
	 * @param error the error of the call, usually a
	 * {@link io.github.moleculerspring.error.MoleculerError MoleculerError}
	 * @return {@code true} to count it as a failure
	 */
	boolean isFailure(Throwable error);

}
