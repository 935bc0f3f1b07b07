package io.github.moleculerspring.broker;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.RequestSkippedError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.transport.Transit;
import org.jspecify.annotations.Nullable;

/**
 * Makes one attempt of an action call: creates its context, resolves the endpoint (a given node,
 * the strategy's choice with prefer-local, a {@code $} action on this node first, a private action
 * from its own service), sets the effective timeout and runs the endpoint's invoker. It also holds
 * the two ends the middleware chain wraps: the local handler invocation and sending a request
 * through {@link Transit}. Retries and the call-level fallback are {@link RetryingCaller}'s.
 */
final class ActionCaller implements RetryingCaller.Attempts {

	/**
	 * What becomes of a failed attempt: another attempt or the failure ({@link RetryingCaller}). It
	 * is handed the attempt's arguments rather than a per-call object, so that a call that succeeds
	 * allocates nothing for it.
	 */
	interface Failures {

		CompletableFuture<Object> failed(Throwable cause, @Nullable ActionEndpoint target, String action,
				@Nullable Object params, CallOptions options, @Nullable BrokerContext parent, int retry,
				@Nullable Set<String> failedNodes);

		/**
		 * Whether a failure of this attempt could be retried at all (retries left in the call's or
		 * the merged policy); when not, the attempt adds no stage for {@link #failed}.
		 */
		boolean mayRetry(@Nullable ActionEndpoint target, CallOptions options, int retry);

	}

	private final ServiceBroker broker;

	private final ContextFactory contexts;

	private final HandlerErrors errors;

	ActionCaller(ServiceBroker broker, ContextFactory contexts, HandlerErrors errors) {
		this.broker = broker;
		this.contexts = contexts;
		this.errors = errors;
	}

	/**
	 * Makes one attempt of a call. A caller's context gets the callee's meta back when it ends.
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the call options
	 * @param parent the calling context, if any
	 * @param retry the number of attempts before this one
	 * @param failedNodes nodes to avoid while others are available
	 * @param failures what becomes of a failure (not asked when the parent's time was already up)
	 * @return the result
	 */
	@Override
	public CompletableFuture<Object> attempt(String action, @Nullable Object params, CallOptions options,
			@Nullable BrokerContext parent, int retry, @Nullable Set<String> failedNodes, Failures failures) {
		double parentRemaining = -1;
		if (parent != null) {
			parentRemaining = parent.remainingMillis();
			if (parentRemaining <= 0 && parent.timeout() > 0) {
				return skipped(action);
			}
		}
		BrokerContext ctx = this.contexts.call(parent, params, options, retry);
		ActionEndpoint endpoint;
		try {
			endpoint = resolveEndpoint(action, options.getNodeID(), ctx, parent, failedNodes);
		}
		catch (RuntimeException ex) {
			return settle(CompletableFuture.failedFuture(ex), ctx, null, action, params, options, parent, retry,
					failedNodes, failures);
		}
		CompletableFuture<Object> result = invoke(ctx, endpoint, options, parentRemaining);
		if (result.isDone() && !result.isCompletedExceptionally()) {
			// Fast path (a local handler that answered at once): nothing to retry or fall back on.
			if (parent != null) {
				parent.mergeMeta(ctx.meta());
			}
			return result;
		}
		return settle(result, ctx, endpoint, action, params, options, parent, retry, failedNodes, failures);
	}

	private CompletableFuture<Object> skipped(String action) {
		return CompletableFuture.failedFuture(new RequestSkippedError(action, this.broker.nodeID()));
	}

	private CompletableFuture<Object> invoke(BrokerContext ctx, ActionEndpoint endpoint, CallOptions options,
			double parentRemaining) {
		try {
			ctx.target(endpoint.name(), endpoint.service().fullName(), endpoint.nodeID(),
					effectiveTimeout(options, endpoint, parentRemaining));
			ActionInvoker invoker = endpoint.invoker();
			if (options.getNodeID() == null && endpoint.balancedInvoker() != null) {
				invoker = endpoint.balancedInvoker();
				ctx.nodeID(this.broker.nodeID());
			}
			return invoker.invoke(ctx);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * A result still pending or failed: the parent gets the callee's meta when it completes, and a
	 * failure goes to {@code failures}. Without a parent and with no retry left, the result is
	 * returned as it is; otherwise one {@code whenComplete} stage does both.
	 */
	private static CompletableFuture<Object> settle(CompletableFuture<Object> result, BrokerContext ctx,
			@Nullable ActionEndpoint target, String action, @Nullable Object params, CallOptions options,
			@Nullable BrokerContext parent, int retry, @Nullable Set<String> failedNodes, Failures failures) {
		if (!failures.mayRetry(target, options, retry)) {
			if (parent == null) {
				return result;
			}
			return result.whenComplete((value, error) -> parent.mergeMeta(ctx.meta()));
		}
		CompletableFuture<Object> settled = new CompletableFuture<>();
		result.whenComplete((value, error) -> {
			if (parent != null) {
				parent.mergeMeta(ctx.meta());
			}
			if (error == null) {
				settled.complete(value);
				return;
			}
			failures
				.failed(MoleculerErrors.unwrap(error), target, action, params, options, parent, retry, failedNodes)
				.whenComplete((retried, failure) -> {
					if (failure == null) {
						settled.complete(retried);
					}
					else {
						settled.completeExceptionally(MoleculerErrors.unwrap(failure));
					}
				});
		});
		return settled;
	}

	private ActionEndpoint resolveEndpoint(String action, @Nullable String targetNodeID, BrokerContext ctx,
			@Nullable BrokerContext parent, @Nullable Set<String> avoid) {
		Registry registry = this.broker.registry();
		if (targetNodeID != null) {
			ActionEndpoint endpoint = registry.getActionEndpoint(action, targetNodeID);
			if (endpoint == null) {
				throw new ServiceNotFoundError(action, targetNodeID);
			}
			if (!endpoint.isAvailable()) {
				throw new ServiceNotAvailableError(action, targetNodeID);
			}
			return endpoint;
		}
		EndpointList<ActionEndpoint> list = registry.getActionEndpoints(action);
		if (list == null) {
			ActionEndpoint own = registry.getPrivateActionEndpoint(action);
			if (own != null && parent != null && own.service().fullName().equals(parent.service())) {
				return own;
			}
			throw new ServiceNotFoundError(action, null);
		}
		ActionEndpoint endpoint = (action.startsWith("$") && list.hasLocal()) ? list.nextLocal(ctx)
				: list.next(ctx, registry.isPreferLocal(), avoid);
		if (endpoint == null) {
			throw new ServiceNotAvailableError(action, null);
		}
		return endpoint;
	}

	private double effectiveTimeout(CallOptions options, ActionEndpoint endpoint, double parentRemaining) {
		double timeout;
		if (options.getTimeout() != null) {
			timeout = options.getTimeout().toNanos() / 1_000_000.0;
		}
		else if (endpoint.timeout() > 0) {
			timeout = endpoint.timeout();
		}
		else {
			timeout = this.broker.options().requestTimeout().toNanos() / 1_000_000.0;
		}
		if (parentRemaining > 0) {
			timeout = (timeout > 0) ? Math.min(timeout, parentRemaining) : parentRemaining;
		}
		return timeout;
	}

	/** Runs a local action's handler; its failure, thrown or completed, is normalised. */
	CompletableFuture<Object> invokeLocalHandler(ActionEndpoint endpoint, Context ctx) {
		ActionDefinition definition = Objects.requireNonNull(endpoint.definition());
		boolean logContext = this.broker.options().logContext();
		Object log = logContext ? LogContext.enter(ctx, "action", endpoint.name()) : null;
		try {
			Object result = definition.handler().handle(ctx);
			if (result instanceof CompletionStage<?> stage) {
				CompletableFuture<Object> future = new CompletableFuture<>();
				stage.whenComplete((value, error) -> {
					if (error != null) {
						future.completeExceptionally(this.errors.failure(error, endpoint.name()));
					}
					else {
						future.complete(value);
					}
				});
				return future;
			}
			return CompletableFuture.completedFuture(result);
		}
		catch (Throwable ex) {
			HandlerErrors.rethrowFatal(ex);
			return CompletableFuture.failedFuture(this.errors.failure(ex, endpoint.name()));
		}
		finally {
			if (logContext) {
				LogContext.exit(log);
			}
		}
	}

	/**
	 * Sends a request to a remote endpoint through {@link Transit}.
	 * @param endpoint the endpoint
	 * @param context the call's context
	 * @param balanced whether the transporter balances it (no target node)
	 * @return the response
	 */
	CompletableFuture<Object> sendRequest(ActionEndpoint endpoint, Context context, boolean balanced) {
		Transit current = this.broker.transit();
		if (current == null) {
			return CompletableFuture.failedFuture(new ServiceNotAvailableError(endpoint.name(), endpoint.nodeID()));
		}
		return current.request((BrokerContext) context, endpoint.name(), balanced ? null : endpoint.nodeID());
	}

}
