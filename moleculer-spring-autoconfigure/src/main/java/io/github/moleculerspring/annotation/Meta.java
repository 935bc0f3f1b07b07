package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Binds a handler method parameter to one entry of the context's {@code meta}, converted to the
 * parameter's type. Without a name, a {@code Map} parameter receives the whole meta: the live map,
 * whose changes flow back to the caller.
 *
 * <p>
 * Meta entries are optional unless {@link #required()} is {@code true} or the parameter is a
 * primitive; a missing required entry fails the call with a
 * {@link io.github.moleculerspring.error.ValidationError ValidationError} of type
 * {@code required}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Meta {

	/** Alias for {@link #name()}. */
	@AliasFor("name")
	String value() default "";

	/** The meta key; empty to receive the whole meta in a {@code Map} parameter. */
	@AliasFor("value")
	String name() default "";

	/** Whether the entry must be present and not {@code null}. */
	boolean required() default false;

}
