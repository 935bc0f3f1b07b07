package io.github.moleculerspring.broker;

import java.util.ArrayList;
import java.util.List;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.middleware.BulkheadMiddleware;
import io.github.moleculerspring.middleware.CircuitBreakerMiddleware;
import io.github.moleculerspring.middleware.FallbackMiddleware;
import io.github.moleculerspring.middleware.MetricsMiddleware;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.middleware.TimeoutMiddleware;
import io.github.moleculerspring.middleware.TracingMiddleware;
import io.github.moleculerspring.registry.ActionEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * The broker's middleware chain as its options make it: the built-in middlewares in Moleculer's
 * order, then the application's. It keeps the circuit breakers (a public view of the broker) and
 * the tracing middleware (the event bus opens event observations with it).
 */
final class BrokerMiddlewares {

	private final MiddlewareChain chain;

	private final CircuitBreakerMiddleware circuitBreakers;

	private final @Nullable TracingMiddleware tracing;

	/**
	 * Builds the chain.
	 * @param options the broker's options
	 * @param nodeID this node's ID
	 * @param threads the broker's threads
	 * @param broadcast broadcasts an event (the circuit breakers' state changes)
	 */
	BrokerMiddlewares(BrokerOptions options, String nodeID, BrokerThreads threads,
			CircuitBreakerMiddleware.Broadcaster broadcast) {
		// Innermost first, in Moleculer's order: bulkhead, circuit breaker, timeout, fallback, metrics
		// and tracing (when their registries are given), then the application's middlewares. (Retries
		// and call-level fallbacks wrap the whole call: RetryingCaller.)
		List<Middleware> middlewares = new ArrayList<>();
		middlewares.add(new BulkheadMiddleware(options.bulkhead(), threads.executor()));
		this.circuitBreakers = new CircuitBreakerMiddleware(broadcast, options.circuitBreaker());
		middlewares.add(this.circuitBreakers);
		middlewares.add(new TimeoutMiddleware(threads.scheduler(), threads.executor(),
				(ctx) -> (ctx instanceof BrokerContext bc) ? bc.remainingMillis() : ctx.timeout()));
		middlewares.add(new FallbackMiddleware(this::actionFellBack));
		if (options.meterRegistry() != null) {
			middlewares.add(new MetricsMiddleware(options.meterRegistry()));
		}
		this.tracing = (options.observationRegistry() != null)
				? new TracingMiddleware(options.observationRegistry(), nodeID, new TraceCarrier()) : null;
		if (this.tracing != null) {
			middlewares.add(this.tracing);
		}
		middlewares.addAll(options.middlewares());
		this.chain = new MiddlewareChain(middlewares);
	}

	MiddlewareChain chain() {
		return this.chain;
	}

	CircuitBreakerMiddleware circuitBreakers() {
		return this.circuitBreakers;
	}

	@Nullable TracingMiddleware tracing() {
		return this.tracing;
	}

	private void actionFellBack(ActionEndpoint endpoint, Throwable error) {
		this.chain.fellBack(endpoint.name(), endpoint.service().fullName(), error);
	}

}
