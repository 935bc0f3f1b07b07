package io.github.moleculerspring.middleware;

import java.util.concurrent.Executor;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;

/**
 * Moleculer's bulkhead on the callee: per local action (and event handler) at most
 * {@code concurrency} calls run at once and {@code maxQueueSize} wait; a call beyond that fails at
 * once with {@link QueueIsFullError} (429, retryable), so an overloaded node sheds load instead of
 * queuing without bound.
 */
public final class BulkheadMiddleware implements Middleware {

	private final BulkheadOptions defaults;

	private final Executor executor;

	public BulkheadMiddleware(BulkheadOptions defaults, Executor executor) {
		this.defaults = defaults;
		this.executor = executor;
	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		BulkheadOptions options = this.defaults.merge(endpoint.descriptor().get("bulkhead"));
		if (!options.enabled()) {
			return next;
		}
		Bulkhead bulkhead = new Bulkhead(options, this.executor);
		return (ctx) -> bulkhead.submit(() -> next.invoke(ctx),
				() -> new QueueIsFullError(endpoint.name(), ctx.broker().nodeID(), bulkhead.queued(),
						options.maxQueueSize()));
	}

	@Override
	public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
		BulkheadOptions options = this.defaults.merge(endpoint.descriptor().get("bulkhead"));
		if (!options.enabled()) {
			return next;
		}
		Bulkhead bulkhead = new Bulkhead(options, this.executor);
		return (ctx) -> bulkhead.submit(() -> next.invoke(ctx),
				() -> new QueueIsFullError(endpoint.name(), ctx.broker().nodeID(), bulkhead.queued(),
						options.maxQueueSize()));
	}

}
