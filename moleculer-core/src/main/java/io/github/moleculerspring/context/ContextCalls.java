package io.github.moleculerspring.context;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link BrokerContext} asks its broker for when its handler calls an action, emits or
 * broadcasts: the same as the broker's own API, but with the context as the parent (its request
 * continues, its meta is copied, its level and call-level limit apply). The broker implements it
 * privately, so that it needs no public parent-aware API.
 */
public interface ContextCalls {

	/** The broker, as {@link Context#broker()} returns it. */
	BrokerView broker();

	/**
	 * Calls an action from a context.
	 * @param parent the calling context
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @return the raw result
	 */
	CompletableFuture<Object> call(BrokerContext parent, String action, @Nullable Object params, CallOptions options);

	/**
	 * Emits a balanced event from a context.
	 * @param parent the sending context
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	CompletableFuture<Void> emit(BrokerContext parent, String event, @Nullable Object data, EmitOptions options);

	/**
	 * Broadcasts an event from a context.
	 * @param parent the sending context
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	CompletableFuture<Void> broadcast(BrokerContext parent, String event, @Nullable Object data, EmitOptions options);

}
