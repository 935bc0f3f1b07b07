package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes callers retry failed calls of an {@link Action @Action}, whatever
 * {@code moleculer.retry-policy.enabled} says. Retries are made by the caller, each on a node
 * selected again, so the options are published as the action's {@code retryPolicy} property, which
 * Java and Moleculer.js callers read. Attributes left at {@code -1} are not published and come from
 * the caller's own settings ({@code moleculer.retry-policy.*} here).
 *
 * On a {@link MoleculerService @MoleculerService} class it applies to all its actions; one on a
 * method replaces the class's for that method.
 *
 * <pre class="code">
 * &#64;Action
 * &#64;Retry(retries = 3, delay = 200)
 * Stock reserve(&#64;Param("sku") String sku) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retry {

	/**
	 * Whether calls are retried; {@code false} turns retries off for this action even when
	 * {@code moleculer.retry-policy.enabled} is on.
	 */
	boolean enabled() default true;

	/** The maximum number of retries of a call; {@code -1} to inherit. */
	int retries() default -1;

	/** The delay before the first retry, in milliseconds; {@code -1} to inherit. */
	long delay() default -1;

	/** The longest delay between two retries, in milliseconds; {@code -1} to inherit. */
	long maxDelay() default -1;

	/** The factor, at least 1, by which the delay grows; {@code -1} to inherit. */
	double factor() default -1;

}
