package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Binds a handler method parameter to one call parameter, converted to the parameter's type
 * (generics included) with the broker's JSON mapper, strictly unless
 * {@code moleculer.params.coercion} is {@code lenient} (see
 * {@link io.github.moleculerspring.annotation.support.ParamsCoercion ParamsCoercion}): {@code 1.5}
 * is no {@code int}, {@code 123} no {@code String}. A value that does not convert fails the call
 * with a {@link io.github.moleculerspring.error.ValidationError ValidationError} naming the field,
 * together with the errors of the other parameters.
 *
 * <p>
 * A parameter is required unless {@link #required()} is {@code false}, its type is
 * {@link java.util.Optional Optional}, or it is annotated {@code @Nullable}; a missing or
 * {@code null} required parameter fails the call with a {@code ValidationError} of type
 * {@code required}. Primitive parameters are always required.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Param {

	/** Alias for {@link #name()}. */
	@AliasFor("name")
	String value() default "";

	/** The parameter name; required. */
	@AliasFor("value")
	String name() default "";

	/** Whether the parameter must be present and not {@code null}. */
	boolean required() default true;

}
