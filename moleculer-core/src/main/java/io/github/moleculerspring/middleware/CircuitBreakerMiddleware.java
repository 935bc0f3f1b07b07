package io.github.moleculerspring.middleware;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker per endpoint (node + action) on Resilience4j, with Moleculer's semantics: an
 * open endpoint is taken out of rotation so the strategy skips it; after {@code halfOpenTime} one
 * probe call is let through and closes or reopens it; {@code $circuit-breaker.opened},
 * {@code half-opened} and {@code closed} are broadcast with Moleculer's payloads.
 *
 * <p>
 * Failures are counted over a sliding time window of {@code windowTime} (Moleculer resets its
 * counters every window instead, which lets a burst at a window edge escape). Only errors that
 * pass {@code check} (default: code 500 or more) and came from the target node count; other
 * errors count neither as success nor as failure. A state survives the endpoint being re-registered
 * by a new INFO of its node.
 */
public final class CircuitBreakerMiddleware implements Middleware {

	private static final Logger logger = LoggerFactory.getLogger(CircuitBreakerMiddleware.class);

	private final Broadcaster broadcaster;

	private final CircuitBreakerOptions defaults;

	private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

	private final LongAdder openedTotal = new LongAdder();

	/**
	 * Creates the middleware.
	 * @param broadcaster broadcasts the {@code $circuit-breaker.*} events (the broker's
	 * {@code broadcast})
	 * @param defaults the options of actions that set none
	 */
	public CircuitBreakerMiddleware(Broadcaster broadcaster, CircuitBreakerOptions defaults) {
		this.broadcaster = broadcaster;
		this.defaults = defaults;
	}

	/** Broadcasts an event to every node, as the broker's {@code broadcast} does. */
	@FunctionalInterface
	public interface Broadcaster {

		/**
		 * Broadcasts the event.
		 * @param event the event name
		 * @param payload the payload
		 */
		void broadcast(String event, Map<String, Object> payload);

	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		return wrap(next, endpoint);
	}

	@Override
	public ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
		return wrap(next, endpoint);
	}

	/** The Resilience4j breaker of an endpoint, if one exists. */
	public CircuitBreaker.State state(String nodeID, String action) {
		Breaker breaker = this.breakers.get(key(nodeID, action));
		return (breaker != null) ? breaker.breaker.getState() : CircuitBreaker.State.CLOSED;
	}

	/** Endpoints whose breaker is open now. */
	public long openCount() {
		return this.breakers.values().stream().filter((b) -> b.breaker.getState() == CircuitBreaker.State.OPEN).count();
	}

	/** Endpoints whose breaker is half-open now. */
	public long halfOpenCount() {
		return this.breakers.values()
			.stream()
			.filter((b) -> b.breaker.getState() == CircuitBreaker.State.HALF_OPEN)
			.count();
	}

	/** How many times a breaker opened. */
	public long openedTotal() {
		return this.openedTotal.sum();
	}

	private static String key(String nodeID, String action) {
		return nodeID + '\u0000' + action;
	}

	private ActionInvoker wrap(ActionInvoker next, ActionEndpoint endpoint) {
		CircuitBreakerOptions options = this.defaults.merge(endpoint.descriptor().get("circuitBreaker"));
		if (!options.enabled()) {
			return next;
		}
		Breaker breaker = this.breakers.compute(key(endpoint.nodeID(), endpoint.name()),
				(key, existing) -> (existing != null && existing.options.equals(options)) ? existing
						: new Breaker(options));
		breaker.attach(endpoint);
		return (ctx) -> {
			CircuitBreaker cb = breaker.breaker;
			if (!cb.tryAcquirePermission()) {
				return CompletableFuture.failedFuture(new ServiceNotAvailableError(endpoint.name(), endpoint.nodeID()));
			}
			if (cb.getState() == CircuitBreaker.State.HALF_OPEN) {
				// The probe is in flight: others skip this endpoint until it answers.
				breaker.endpoint.setState(false);
			}
			long start = System.nanoTime();
			CompletableFuture<Object> result;
			try {
				result = next.invoke(ctx);
			}
			catch (RuntimeException ex) {
				result = CompletableFuture.failedFuture(ex);
			}
			return result.whenComplete((value, error) -> {
				long elapsed = System.nanoTime() - start;
				if (error == null) {
					cb.onSuccess(elapsed, TimeUnit.NANOSECONDS);
				}
				else {
					Throwable cause = MoleculerErrors.unwrap(error);
					String origin = (cause instanceof MoleculerError me) ? me.getNodeID() : null;
					if (options.check().test(cause) && (origin == null || origin.equals(endpoint.nodeID()))) {
						cb.onError(elapsed, TimeUnit.NANOSECONDS, cause);
					}
					else {
						cb.releasePermission();
					}
				}
				if (cb.getState() == CircuitBreaker.State.HALF_OPEN) {
					breaker.endpoint.setState(true);
				}
			});
		};
	}

	/** One endpoint's breaker and the endpoint object it currently controls. */
	private final class Breaker {

		final CircuitBreakerOptions options;

		final CircuitBreaker breaker;

		volatile ActionEndpoint endpoint;

		Breaker(CircuitBreakerOptions options) {
			this.options = options;
			CircuitBreakerConfig config = CircuitBreakerConfig.custom()
				.failureRateThreshold((float) (options.threshold() * 100))
				.minimumNumberOfCalls(options.minRequestCount())
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
				.slidingWindowSize((int) Math.max(1, options.windowTime().toSeconds()))
				.waitDurationInOpenState(positive(options.halfOpenTime()))
				.permittedNumberOfCallsInHalfOpenState(1)
				.automaticTransitionFromOpenToHalfOpenEnabled(true)
				.writableStackTraceEnabled(false)
				.build();
			this.breaker = CircuitBreaker.of("moleculer", config);
			this.breaker.getEventPublisher().onStateTransition((event) -> transition(event.getStateTransition()));
		}

		void attach(ActionEndpoint endpoint) {
			this.endpoint = endpoint;
			endpoint.setState(this.breaker.getState() != CircuitBreaker.State.OPEN
					&& this.breaker.getState() != CircuitBreaker.State.FORCED_OPEN);
		}

		private void transition(CircuitBreaker.StateTransition transition) {
			ActionEndpoint current = this.endpoint;
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("nodeID", current.nodeID());
			payload.put("service", current.service().fullName());
			payload.put("action", current.name());
			switch (transition.getToState()) {
				case OPEN, FORCED_OPEN -> {
					current.setState(false);
					CircuitBreakerMiddleware.this.openedTotal.increment();
					CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
					payload.put("failures", metrics.getNumberOfFailedCalls());
					payload.put("count", metrics.getNumberOfBufferedCalls());
					payload.put("rate", Math.max(0, metrics.getFailureRate()) / 100.0);
					logger.warn("Circuit breaker opened on '{}' at node '{}' ({} of {} calls failed).", current.name(),
							current.nodeID(), metrics.getNumberOfFailedCalls(), metrics.getNumberOfBufferedCalls());
					CircuitBreakerMiddleware.this.broadcaster.broadcast("$circuit-breaker.opened", payload);
				}
				case HALF_OPEN -> {
					current.setState(true);
					CircuitBreakerMiddleware.this.broadcaster.broadcast("$circuit-breaker.half-opened", payload);
				}
				case CLOSED -> {
					current.setState(true);
					logger.info("Circuit breaker closed on '{}' at node '{}'.", current.name(), current.nodeID());
					CircuitBreakerMiddleware.this.broadcaster.broadcast("$circuit-breaker.closed", payload);
				}
				default -> {
				}
			}
		}

	}

	private static Duration positive(Duration duration) {
		return (duration.isZero() || duration.isNegative()) ? Duration.ofMillis(1) : duration;
	}

}
