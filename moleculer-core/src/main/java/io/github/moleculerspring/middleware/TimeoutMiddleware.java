package io.github.moleculerspring.middleware;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.registry.ActionEndpoint;

/**
 * Enforces a context's timeout on local handlers: a handler still running when the budget ends
 * fails its call with {@link RequestTimeoutError}. This is how the callee enforces the remaining
 * time a REQUEST carries. (Remote calls are timed by the transit, which owns their pending entry.)
 * The error names this node, where the action timed out (Moleculer.js names the caller's node).
 */
public final class TimeoutMiddleware implements Middleware {

	private final ScheduledExecutorService scheduler;

	private final Executor executor;

	private final ToDoubleFunction<Context> remainingMillis;

	/**
	 * Creates the middleware.
	 * @param scheduler the broker's timer, which ends the budgets
	 * @param executor the broker's executor, which completes the timed-out calls
	 * @param remainingMillis the time left of a context's budget now, in milliseconds (the broker's
	 * context knows when its call started)
	 */
	public TimeoutMiddleware(ScheduledExecutorService scheduler, Executor executor,
			ToDoubleFunction<Context> remainingMillis) {
		this.scheduler = scheduler;
		this.executor = executor;
		this.remainingMillis = remainingMillis;
	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		return (ctx) -> {
			CompletableFuture<Object> result = next.invoke(ctx);
			if (ctx.timeout() <= 0 || result.isDone()) {
				return result;
			}
			double timeout = this.remainingMillis.applyAsDouble(ctx);
			if (timeout <= 0) {
				return CompletableFuture.failedFuture(new RequestTimeoutError(endpoint.name(), ctx.broker().nodeID()));
			}
			CompletableFuture<Object> bounded = new CompletableFuture<>();
			ScheduledFuture<?> timer = this.scheduler.schedule(() -> {
				RequestTimeoutError error = new RequestTimeoutError(endpoint.name(), ctx.broker().nodeID());
				try {
					this.executor.execute(() -> bounded.completeExceptionally(error));
				}
				catch (RejectedExecutionException ex) {
					bounded.completeExceptionally(error);
				}
			}, Math.max(1, (long) (timeout * 1000)), TimeUnit.MICROSECONDS);
			result.whenComplete((value, error) -> {
				timer.cancel(false);
				if (error != null) {
					bounded.completeExceptionally(error);
				}
				else {
					bounded.complete(value);
				}
			});
			return bounded;
		};
	}

}
