package io.github.moleculerspring.context;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The context of one call or one event delivery, as Moleculer defines it. It carries the
 * parameters, the {@code meta} that travels along call chains (a callee's changes flow back to the
 * caller, also on error), the v5 {@code headers}, and the identity of the request chain
 * ({@code requestID}, {@code parentID}, {@code level}, {@code caller}).
 *
 * <p>
 * Calls and events made through a context ({@link #call}, {@link #emit}, {@link #broadcast})
 * belong to the same chain: they keep its {@code requestID} and {@code meta}, go one level deeper,
 * and share the remaining distributed timeout.
 */
public interface Context {

	/** The context ID (the request ID on the wire). */
	String id();

	/** The ID of the root request of the chain. */
	String requestID();

	/** The ID of the parent context, if any. */
	@Nullable String parentID();

	/** The depth of the call chain: 1 for a top-level call. */
	int level();

	/** The full name of the calling service, if the call came from a service. */
	@Nullable String caller();

	/** The node the call or event came from (this node for local calls). */
	String nodeID();

	/** The full action name, for a call. */
	@Nullable String action();

	/** The event name, for an event delivery. */
	@Nullable String eventName();

	/** {@code emit}, {@code broadcast} or {@code broadcastLocal}, for an event delivery. */
	@Nullable String eventType();

	/** The groups an event delivery was sent to, if restricted. */
	@Nullable List<String> eventGroups();

	/** The full name of the service that handles this context, if any. */
	@Nullable String service();

	/**
	 * The raw parameters: the caller's object for a local call, a {@code JsonNode} for a call or
	 * event from another node.
	 */
	@Nullable Object params();

	/**
	 * The parameters converted to a type.
	 * @param <T> the type
	 * @param type the class
	 * @return the converted parameters
	 * @throws io.github.moleculerspring.error.ValidationError when they do not convert
	 */
	<T> T params(Class<T> type);

	/**
	 * The parameters converted to a generic type.
	 * @param <T> the type
	 * @param type the type, for example from a method parameter
	 * @return the converted parameters
	 * @throws io.github.moleculerspring.error.ValidationError when they do not convert
	 */
	<T> T params(Type type);

	/**
	 * One parameter converted to a type.
	 * @param <T> the type
	 * @param name the parameter name
	 * @param type the class
	 * @return the value, or {@code null} when absent
	 * @throws io.github.moleculerspring.error.ValidationError naming the field when it does not
	 * convert
	 */
	default <T> @Nullable T param(String name, Class<T> type) {
		return param(name, (Type) type);
	}

	/**
	 * One parameter converted to a generic type.
	 * @param <T> the type
	 * @param name the parameter name
	 * @param type the type
	 * @return the value, or {@code null} when absent
	 * @throws io.github.moleculerspring.error.ValidationError naming the field when it does not
	 * convert
	 */
	<T> @Nullable T param(String name, Type type);

	/**
	 * One parameter as a plain Java value (map, list, string, number, boolean).
	 * @param name the parameter name
	 * @return the value, or {@code null} when absent
	 */
	default @Nullable Object param(String name) {
		return param(name, Object.class);
	}

	/** Whether a parameter is present (even if {@code null}). */
	boolean hasParam(String name);

	/** The meta of the chain; mutable, and changes flow back to the caller. */
	Map<String, Object> meta();

	/** The request headers (protocol 5). */
	Map<String, Object> headers();

	/** The response headers a handler may set (protocol 5). */
	Map<String, Object> responseHeaders();

	/** Values attached to this context by middlewares and handlers; never sent. */
	Map<String, Object> locals();

	/** The remaining time budget in milliseconds when the call started, {@code 0} for none. */
	double timeout();

	/** The tracing sampled flag, {@code null} when tracing is off. */
	@Nullable Boolean tracing();

	/** The broker handling this context, as a handler may use it. */
	BrokerView broker();

	/**
	 * Calls an action as part of this chain.
	 * @param action the full action name
	 * @param params the parameters
	 * @return the result
	 */
	default CompletableFuture<Object> call(String action, @Nullable Object params) {
		return call(action, params, CallOptions.DEFAULT);
	}

	/**
	 * Calls an action as part of this chain.
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the call options
	 * @return the result
	 */
	CompletableFuture<Object> call(String action, @Nullable Object params, CallOptions options);

	/**
	 * Calls an action as part of this chain and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param resultType the result type
	 * @return the result
	 */
	default <T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> resultType) {
		return call(action, params, CallOptions.DEFAULT, resultType);
	}

	/**
	 * Calls an action as part of this chain and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the call options
	 * @param resultType the result type
	 * @return the result
	 */
	<T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options, Class<T> resultType);

	/**
	 * Emits a balanced event as part of this chain.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when the event is handed over
	 */
	default CompletableFuture<Void> emit(String event, @Nullable Object data) {
		return emit(event, data, EmitOptions.DEFAULT);
	}

	/**
	 * Emits a balanced event as part of this chain.
	 * @param event the event name
	 * @param data the payload
	 * @param options the options
	 * @return completes when the event is handed over
	 */
	CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options);

	/**
	 * Broadcasts an event as part of this chain.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when the event is handed over
	 */
	default CompletableFuture<Void> broadcast(String event, @Nullable Object data) {
		return broadcast(event, data, EmitOptions.DEFAULT);
	}

	/**
	 * Broadcasts an event as part of this chain.
	 * @param event the event name
	 * @param data the payload
	 * @param options the options
	 * @return completes when the event is handed over
	 */
	CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options);

}
