package io.github.moleculerspring.broker;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.BrokerView;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.ContextCalls;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MaxCallLevelError;
import org.jspecify.annotations.Nullable;

/**
 * The broker's side of a context's own calls, emits and broadcasts: a call beyond the broker's
 * {@code maxCallLevel} fails with {@link MaxCallLevelError}, the rest go to the retrying caller and
 * the event bus with the context as the parent.
 */
final class BrokerContextCalls implements ContextCalls {

	private final ServiceBroker broker;

	private @Nullable RetryingCaller calls;

	private @Nullable EventBus events;

	BrokerContextCalls(ServiceBroker broker) {
		this.broker = broker;
	}

	/** Connects the callers, which are created after the context factory that needs this. */
	void bind(RetryingCaller calls, EventBus events) {
		this.calls = calls;
		this.events = events;
	}

	@Override
	public BrokerView broker() {
		return this.broker;
	}

	@Override
	public CompletableFuture<Object> call(BrokerContext parent, String action, @Nullable Object params,
			CallOptions options) {
		int maxCallLevel = this.broker.options().maxCallLevel();
		if (maxCallLevel > 0 && parent.level() >= maxCallLevel) {
			return CompletableFuture.failedFuture(new MaxCallLevelError(this.broker.nodeID(), parent.level()));
		}
		return Objects.requireNonNull(this.calls).call(action, params, options, parent);
	}

	@Override
	public CompletableFuture<Void> emit(BrokerContext parent, String event, @Nullable Object data,
			EmitOptions options) {
		return Objects.requireNonNull(this.events).emit(event, data, options, parent);
	}

	@Override
	public CompletableFuture<Void> broadcast(BrokerContext parent, String event, @Nullable Object data,
			EmitOptions options) {
		return Objects.requireNonNull(this.events).broadcast(event, data, options, parent);
	}

}
