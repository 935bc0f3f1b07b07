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

}
