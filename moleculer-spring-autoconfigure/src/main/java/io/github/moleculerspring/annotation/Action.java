package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.moleculerspring.service.Visibility;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method of a {@link MoleculerService @MoleculerService} bean as an action. Its name
 * defaults to the method name.
 *
 * <p>
 * Parameters may be the {@link io.github.moleculerspring.context.Context Context},
 * {@link Param @Param} values, {@link Meta @Meta} values, and at most one unannotated object (a
 * record, a bean, a {@code Map} or a {@code JsonNode}) that receives all the parameters. The method
 * returns the result, a {@link java.util.concurrent.CompletionStage} of it, or nothing. The params
 * schema published for the action is derived from these parameters.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Action {

	/** Alias for {@link #name()}. */
	@AliasFor("name")
	String value() default "";

	/** The action name within the service; empty for the method name. */
	@AliasFor("value")
	String name() default "";

	/** Who may call the action. */
	Visibility visibility() default Visibility.PUBLISHED;

	/** The action timeout in milliseconds, used when the caller sets none; {@code 0} for none. */
	long timeout() default 0;

	/** A description published in the action descriptor; empty for none. */
	String description() default "";

	/**
	 * The REST route published in the action descriptor for API gateways, such as
	 * {@code "GET /hello"}; empty for none.
	 */
	String rest() default "";

}
