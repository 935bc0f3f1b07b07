package io.github.moleculerspring.middleware;

import java.util.Map;
import java.util.concurrent.Executor;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import org.jspecify.annotations.Nullable;

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
		Guard guard = guard(endpoint.name(), endpoint.descriptor());
		return (guard == null) ? next : (ctx) -> guard.bulkhead.submit(() -> next.invoke(ctx), () -> guard.full(ctx));
	}

	@Override
	public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
		Guard guard = guard(endpoint.name(), endpoint.descriptor());
		return (guard == null) ? next : (ctx) -> guard.bulkhead.submit(() -> next.invoke(ctx), () -> guard.full(ctx));
	}

	/** The endpoint's bulkhead, from the defaults merged with its own options, or none when disabled. */
	private @Nullable Guard guard(String name, Map<String, Object> descriptor) {
		BulkheadOptions options = this.defaults.merge(descriptor.get("bulkhead"));
		return options.enabled() ? new Guard(name, options, new Bulkhead(options, this.executor)) : null;
	}

	/** One endpoint's bulkhead and the error a call beyond it gets. */
	private record Guard(String name, BulkheadOptions options, Bulkhead bulkhead) {

		QueueIsFullError full(Context ctx) {
			return new QueueIsFullError(this.name, ctx.broker().nodeID(), this.bulkhead.queued(),
					this.options.maxQueueSize());
		}

	}

}
