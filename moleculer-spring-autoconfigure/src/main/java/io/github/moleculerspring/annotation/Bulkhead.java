package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how many calls of an {@link Action @Action}, or deliveries of an {@link Event @Event},
 * run at once on this node, whatever {@code moleculer.bulkhead.enabled} says. Calls beyond
 * {@code concurrency} wait, and calls beyond {@code maxQueueSize} waiting ones fail with a
 * {@code QueueIsFullError} (429, retryable). Published as Moleculer's {@code bulkhead} property;
 * attributes left at {@code -1} come from {@code moleculer.bulkhead.*}.
 *
 * On a {@link MoleculerService @MoleculerService} class it applies to all its actions and event
 * handlers; one on a method replaces the class's for that method.
 *
 * <pre class="code">
 * &#64;Action
 * &#64;Bulkhead(concurrency = 2, maxQueueSize = 20)
 * Report render(&#64;Param("id") long id) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Bulkhead {

	/**
	 * Whether the limit applies; {@code false} turns it off for this handler even when
	 * {@code moleculer.bulkhead.enabled} is on.
	 */
	boolean enabled() default true;

	/** The calls that run at once, at least 1; {@code -1} to inherit. */
	int concurrency() default -1;

	/** The calls that may wait, {@code 0} for no limit; {@code -1} to inherit. */
	int maxQueueSize() default -1;

}
