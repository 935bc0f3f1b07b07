package io.github.moleculerspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a Spring bean as a Moleculer service. Its {@link Action @Action} methods become actions
 * and its {@link Event @Event} methods event handlers; the service is registered in the
 * application's {@link io.github.moleculerspring.broker.ServiceBroker} once the application's
 * singletons are created (a bean created later, when it is created), before the broker starts.
 *
 * <p>
 * The service name defaults to the bean class name without a trailing {@code Service}, with its
 * first letter in lower case: {@code GreeterService} gives {@code greeter},
 * {@code OrderItemsService} gives {@code orderItems}. Names, versions, settings and metadata may
 * use {@code ${...}} placeholders and {@code #{...}} SpEL expressions, as {@code @KafkaListener}'s
 * attributes may.
 *
 * <pre class="code">
 * &#064;MoleculerService(name = "math", version = "2", settings = { "precision=2", "apiKey=${math.api-key}" },
 * 		secureSettings = "apiKey")
 * class MathService {
 *
 * 	&#064;Action
 * 	int add(&#064;Param("a") int a, &#064;Param("b") int b) {
 * 		return a + b;
 * 	}
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface MoleculerService {

	/** Alias for {@link #name()}. */
	@AliasFor("name")
	String value() default "";

	/** The service name; empty to derive it from the class name. */
	@AliasFor("value")
	String name() default "";

	/**
	 * The service version: digits give a numeric version ({@code "2"} makes the full name
	 * {@code v2.<name>}), anything else a string version ({@code "staging"} makes
	 * {@code staging.<name>}); empty for none.
	 */
	String version() default "";

	/**
	 * The service settings as {@code key=value} entries (split at the first {@code =}); the values
	 * are strings. Settings are published to the other nodes, except those in
	 * {@link #secureSettings()}.
	 */
	String[] settings() default {};

	/** Keys of {@link #settings()} that are never published, as Moleculer's {@code $secureSettings}. */
	String[] secureSettings() default {};

	/** The service metadata as {@code key=value} entries (split at the first {@code =}). */
	String[] metadata() default {};

}
