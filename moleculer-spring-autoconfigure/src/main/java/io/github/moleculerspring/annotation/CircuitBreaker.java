package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards an {@link Action @Action} with a circuit breaker, whatever
 * {@code moleculer.circuit-breaker.enabled} says. The options are published as the action's
 * {@code circuitBreaker} property, so every caller that runs a circuit breaker, Java or
 * Moleculer.js, applies them to its calls of this action. Attributes left at {@code -1} are not
 * published and come from the caller's own settings ({@code moleculer.circuit-breaker.*} here).
 *
 * On a {@link MoleculerService @MoleculerService} class it applies to all its actions; one on a
 * method replaces the class's for that method.
 *
 * <pre class="code">
 * &#64;Action
 * &#64;CircuitBreaker(threshold = 0.3, halfOpenTime = 5000)
 * Quote quote(&#64;Param("symbol") String symbol) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CircuitBreaker {

	/**
	 * Whether the breaker guards the action; {@code false} turns it off for this action even when
	 * {@code moleculer.circuit-breaker.enabled} is on.
	 */
	boolean enabled() default true;

	/** The failure rate, greater than 0 and at most 1, that opens the breaker; {@code -1} to inherit. */
	double threshold() default -1;

	/** Calls needed in the window before the failure rate counts; {@code -1} to inherit. */
	int minRequestCount() default -1;

	/** The window over which the failure rate is measured, in seconds; {@code -1} to inherit. */
	long windowTime() default -1;

	/** How long the breaker stays open before a probe, in milliseconds; {@code -1} to inherit. */
	long halfOpenTime() default -1;

}
