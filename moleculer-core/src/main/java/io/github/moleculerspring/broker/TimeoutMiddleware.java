package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.middleware.ActionInvoker;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.registry.ActionEndpoint;

/**
 * Enforces a context's timeout on local handlers: a handler still running when the budget ends
 * fails its call with {@link RequestTimeoutError}. This is how the callee enforces the remaining
 * time a REQUEST carries. (Remote calls are timed by the transit, which owns their pending entry.)
 * The error names this node, where the action timed out (Moleculer.js names the caller's node).
 */
final class TimeoutMiddleware implements Middleware {

	private final ScheduledExecutorService scheduler;

	private final Executor executor;

	TimeoutMiddleware(ScheduledExecutorService scheduler, Executor executor) {
		this.scheduler = scheduler;
		this.executor = executor;
	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		return (ctx) -> {
			CompletableFuture<Object> result = next.invoke(ctx);
			double timeout = (ctx instanceof BrokerContext bc) ? bc.remainingMillis() : ctx.timeout();
			if (ctx.timeout() <= 0 || result.isDone()) {
				return result;
			}
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
