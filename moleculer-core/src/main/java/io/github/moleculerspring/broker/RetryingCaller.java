package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.registry.ActionEndpoint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call with its retries and call-level fallback: each attempt creates a context, selects an
 * endpoint (avoiding nodes that already failed while others are available) and runs it; a
 * retryable failure is retried after the policy's delay (the broker's policy merged with the
 * action's {@code retryPolicy} descriptor option, the call's {@code retries} first); what still
 * fails goes to the caller's fallback. The middlewares hear of each retry and fallback.
 *
 * <p>
 * Not a middleware: a middleware wraps one endpoint's invoker, while a retry chooses the endpoint
 * again, with a fresh context, around the whole attempt.
 */
final class RetryingCaller {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	/** Makes one attempt of a call, as {@link ActionCaller#attempt} does. */
	@FunctionalInterface
	interface Attempts {

		CompletableFuture<Object> attempt(String action, @Nullable Object params, CallOptions options,
				@Nullable BrokerContext parent, int retry, @Nullable Set<String> failedNodes,
				ActionCaller.Failures failures);

	}

	private final Attempts attempts;

	private final RetryPolicy policy;

	private final MiddlewareChain middlewares;

	private final LongFunction<CompletableFuture<Void>> delay;

	private final Executor executor;

	private final BooleanSupplier stopped;

	/** What becomes of a failed attempt: this caller's {@link #mayRetry} and {@link #failed}. */
	private final ActionCaller.Failures failures = new ActionCaller.Failures() {

		@Override
		public CompletableFuture<Object> failed(Throwable cause, @Nullable ActionEndpoint target, String action,
				@Nullable Object params, CallOptions options, @Nullable BrokerContext parent, int retry,
				@Nullable Set<String> failedNodes) {
			return RetryingCaller.this.failed(cause, target, action, params, options, parent, retry, failedNodes);
		}

		@Override
		public boolean mayRetry(@Nullable ActionEndpoint target, CallOptions options, int retry) {
			return RetryingCaller.this.mayRetry(target, options, retry);
		}

	};

	/**
	 * Creates the retrying caller.
	 * @param attempts makes each attempt
	 * @param policy the broker's retry policy
	 * @param middlewares told of retries and fallbacks
	 * @param delay completes after the given milliseconds
	 * @param executor runs the next attempt
	 * @param stopped whether the broker has stopped (no more retries)
	 */
	RetryingCaller(Attempts attempts, RetryPolicy policy, MiddlewareChain middlewares,
			LongFunction<CompletableFuture<Void>> delay, Executor executor, BooleanSupplier stopped) {
		this.attempts = attempts;
		this.policy = policy;
		this.middlewares = middlewares;
		this.delay = delay;
		this.executor = executor;
		this.stopped = stopped;
	}

	/**
	 * Calls an action, with retries and the caller's fallback.
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the call options
	 * @param parent the calling context, if any
	 * @return the result
	 */
	CompletableFuture<Object> call(String action, @Nullable Object params, CallOptions options,
			@Nullable BrokerContext parent) {
		CompletableFuture<Object> result = this.attempts.attempt(action, params, options, parent, 0, null, this.failures);
		if (options.getFallback() == null) {
			return result;
		}
		CompletableFuture<Object> answered = new CompletableFuture<>();
		result.whenComplete((value, error) -> {
			if (error == null) {
				answered.complete(value);
				return;
			}
			Throwable cause = MoleculerErrors.unwrap(error);
			logger.warn("The '{}' request failed ({}); returning the caller's fallback.", action, cause.getMessage());
			this.middlewares.fellBack(action, null, cause);
			try {
				answered.complete(options.getFallback().apply(cause));
			}
			catch (RuntimeException ex) {
				answered.completeExceptionally(ex);
			}
		});
		return answered;
	}

	private CompletableFuture<Object> attempt(String action, @Nullable Object params, CallOptions options,
			@Nullable BrokerContext parent, int retry, @Nullable Set<String> failedNodes) {
		return this.attempts.attempt(action, params, options, parent, retry, failedNodes, this.failures);
	}

	private boolean mayRetry(@Nullable ActionEndpoint target, CallOptions options, int retry) {
		Integer byCall = options.getRetries();
		if (byCall != null) {
			return retry < byCall;
		}
		Object override = (target != null) ? target.descriptor().get("retryPolicy") : null;
		if (override == null) {
			return this.policy.enabled() && retry < this.policy.retries();
		}
		RetryPolicy merged = this.policy.merge(override);
		return merged.enabled() && retry < merged.retries();
	}

	/** A failed attempt: retried after the policy's delay when the policy allows it, else the failure. */
	private CompletableFuture<Object> failed(Throwable cause, @Nullable ActionEndpoint target, String action,
			@Nullable Object params, CallOptions options, @Nullable BrokerContext parent, int retry,
			@Nullable Set<String> failedNodes) {
		RetryPolicy merged = this.policy.merge((target != null) ? target.descriptor().get("retryPolicy") : null);
		int retries = (options.getRetries() != null) ? options.getRetries() : (merged.enabled() ? merged.retries() : 0);
		if (retry >= retries || !merged.check().test(cause) || this.stopped.getAsBoolean()) {
			return CompletableFuture.failedFuture(cause);
		}
		Set<String> failed = (failedNodes != null) ? new HashSet<>(failedNodes) : new HashSet<>();
		if (target != null) {
			failed.add(target.nodeID());
		}
		Duration wait = merged.delayFor(retry + 1);
		this.middlewares.retried(action, (target != null) ? target.service().fullName() : null, retry + 1, cause);
		logger.warn("Retry {} of {} for '{}' in {} ms after: {}", retry + 1, retries, action, wait.toMillis(),
				cause.getMessage());
		return this.delay.apply(wait.toMillis())
			.thenComposeAsync((v) -> attempt(action, params, options, parent, retry + 1, failed), this.executor);
	}

}
