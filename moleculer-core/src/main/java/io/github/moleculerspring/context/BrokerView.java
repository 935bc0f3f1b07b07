package io.github.moleculerspring.context;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

/**
 * What a handler, a middleware or a strategy may use of the broker that runs it: its identity, its
 * value converter and threads, and the call and event API. {@code ServiceBroker} implements it;
 * {@link Context#broker()} returns it, so that the packages below the broker never import the
 * broker itself.
 */
public interface BrokerView {

	/** The ID of this node. */
	String nodeID();

	/** The namespace this node belongs to. */
	String namespace();

	/** A random ID of this broker instance; it changes on every start of the process. */
	String instanceID();

	/** Converts values with the broker's JSON mapper. */
	ValueConverter values();

	/** The executor that runs handlers. */
	Executor executor();

	/**
	 * The broker's timer, for broker extensions (strategies, middlewares). Tasks on it must be short
	 * and must never run user code: hand such work to {@link #executor()}.
	 */
	ScheduledExecutorService scheduler();

	/** Whether the broker has started and not begun stopping. */
	boolean isStarted();

	/**
	 * Calls an action.
	 * @param action the full action name
	 * @param params the parameters (any JSON-serializable value; {@code null} sends {@code {}})
	 * @return the result: for a local action the handler's value, for a remote one plain Java values
	 * (maps, lists, strings, numbers, booleans)
	 */
	CompletableFuture<Object> call(String action, @Nullable Object params);

	/**
	 * Calls an action with options.
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @return the result
	 */
	CompletableFuture<Object> call(String action, @Nullable Object params, CallOptions options);

	/**
	 * Calls an action and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param resultType the result type
	 * @return the result
	 */
	<T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> resultType);

	/**
	 * Calls an action with options and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @param resultType the result type
	 * @return the result
	 */
	<T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Class<T> resultType);

	/**
	 * Calls an action with options and converts the result to a generic type.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @param resultType the result type
	 * @return the result
	 */
	<T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Type resultType);

	/**
	 * Emits a balanced event: each group subscribed to it receives it once.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when local handlers are done and remote packets are sent
	 */
	CompletableFuture<Void> emit(String event, @Nullable Object data);

	/**
	 * Emits a balanced event.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options);

	/**
	 * Broadcasts an event: every subscribed handler on every node receives it.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when local handlers are done and remote packets are sent
	 */
	CompletableFuture<Void> broadcast(String event, @Nullable Object data);

	/**
	 * Broadcasts an event.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options);

	/**
	 * Broadcasts an event to the handlers of this node only.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when the handlers are done
	 */
	CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data);

}
