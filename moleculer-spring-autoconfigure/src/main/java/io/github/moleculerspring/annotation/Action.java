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
 *
 * <p>
 * Fault tolerance: {@link #strategy()} balances the calls of this action, {@link #fallback()}
 * answers when the method fails, and {@link CircuitBreaker @CircuitBreaker}, {@link Retry @Retry}
 * and {@link Bulkhead @Bulkhead} on the same method override the broker's settings. All are
 * published in the action descriptor under Moleculer's names, so Moleculer.js callers honour them.
 *
 * <p>
 * The string attributes ({@link #name()}, {@link #timeoutString()}, {@link #description()},
 * {@link #rest()}, {@link #strategy()}, {@link #strategyOptions()}, {@link #fallback()}) may use
 * {@code ${...}} placeholders and {@code #{...}} SpEL expressions.
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

	/**
	 * The action timeout in milliseconds as a string, for a {@code ${...}} placeholder or a
	 * {@code #{...}} expression, as {@code @Scheduled}'s {@code fixedDelayString}; empty to use
	 * {@link #timeout()}. Setting both fails startup.
	 */
	String timeoutString() default "";

	/** A description published in the action descriptor; empty for none. */
	String description() default "";

	/**
	 * The REST route published in the action descriptor for API gateways, such as
	 * {@code "GET /hello"}; empty for none.
	 */
	String rest() default "";

	/**
	 * The strategy that balances calls of this action among its nodes, published as Moleculer's
	 * {@code strategy} property: {@code RoundRobin}, {@code Random}, {@code CpuUsage},
	 * {@code Latency}, {@code Shard} or the bean name of a
	 * {@link io.github.moleculerspring.strategy.StrategyFactory StrategyFactory} bean. Empty for
	 * the registry's ({@code moleculer.registry.strategy}).
	 */
	String strategy() default "";

	/**
	 * Options of {@link #strategy()} as {@code key=value} entries, such as
	 * {@code {"shardKey=userId", "vnodes=20"}}, published as Moleculer's {@code strategyOptions}.
	 * Numbers and booleans are published as such.
	 */
	String[] strategyOptions() default {};

	/**
	 * The name of a method of the same bean that answers when this one fails (Moleculer's action
	 * {@code fallback}); empty for none. The fallback runs on this node, and takes the same kinds
	 * of parameters as an action ({@code Context}, {@link Param @Param}, {@link Meta @Meta}, the
	 * params object) plus, optionally, one parameter that receives the error: {@code Throwable},
	 * {@code Exception}, {@code MoleculerError}, or a subtype of {@code MoleculerError} to handle
	 * only those errors (others pass through). So {@code (Context ctx, Throwable error)},
	 * {@code (Throwable error)} and the action's own parameters followed by {@code Throwable} all
	 * work. The error is the one the caller would get: a {@code MoleculerError}, with any other
	 * exception already turned into a {@code MoleculerServerError}. It returns a value the action
	 * could return (or a {@code CompletionStage} of it); the method is checked at startup.
	 */
	String fallback() default "";

	/**
	 * Whether the method never blocks, so a request from another node may run on the poller thread
	 * that read it, without a hand-off to a worker. Use it for pure CPU work only: no JDBC, no HTTP
	 * client call, no {@code join()} or {@code get()} on a future, no lock held long. A method
	 * declared non-blocking that blocks anyway is detected after
	 * {@code moleculer.executor.pollers.blocked-after}, a warning names the action, and the workers
	 * serve it from then on. {@code false} (the default) always runs it on the workers.
	 */
	boolean nonBlocking() default false;

}
