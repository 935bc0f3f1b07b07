package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a {@link MoleculerService @MoleculerService} bean as an event handler.
 *
 * <p>
 * Parameters may be the {@link io.github.moleculerspring.context.Context Context},
 * {@link Meta @Meta} values, and at most one unannotated parameter that receives the event payload
 * converted to its type. The method may return a {@link java.util.concurrent.CompletionStage} to
 * signal the end of asynchronous work.
 *
 * <p>
 * {@link #name()} and {@link #group()} may use {@code ${...}} placeholders and {@code #{...}} SpEL
 * expressions.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Event {

	/** Alias for {@link #name()}. */
	@AliasFor("name")
	String value() default "";

	/** The event name or pattern ({@code user.created}, {@code user.*}, {@code **}); required. */
	@AliasFor("value")
	String name() default "";

	/**
	 * The group; a balanced emit reaches one handler per group. Empty for the service name, as in
	 * Moleculer.
	 */
	String group() default "";

	/**
	 * Whether the method never blocks, so an event from another node whose local handlers are all
	 * non-blocking may be delivered on the poller thread that read it, without a hand-off to a
	 * worker. Use it for pure CPU work only: no JDBC, no HTTP client call, no {@code join()} or
	 * {@code get()} on a future, no lock held long. A handler declared non-blocking that blocks
	 * anyway is detected after {@code moleculer.executor.pollers.blocked-after}, a warning names the
	 * event, and the workers deliver it from then on. {@code false} (the default) always delivers it
	 * on the workers.
	 */
	boolean nonBlocking() default false;

}
