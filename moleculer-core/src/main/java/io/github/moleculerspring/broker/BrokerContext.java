package io.github.moleculerspring.broker;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.registry.ActionEndpoint;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The broker's {@link Context}. One instance per call (shared by caller and callee for local
 * calls, as in Moleculer) or per event delivery; not thread-safe by design, as a context belongs
 * to one logical flow at a time.
 */
final class BrokerContext implements Context {

	final ServiceBroker broker;

	String id;

	String requestID;

	@Nullable String parentID;

	int level = 1;

	@Nullable String caller;

	String nodeID;

	@Nullable ActionEndpoint endpoint;

	@Nullable String action;

	@Nullable String eventName;

	@Nullable String eventType;

	@Nullable List<String> eventGroups;

	@Nullable String service;

	@Nullable Object params;

	Map<String, Object> meta;

	@Nullable Map<String, Object> headers;

	@Nullable Map<String, Object> responseHeaders;

	@Nullable Map<String, Object> locals;

	double timeout;

	long startNanos;

	@Nullable Boolean tracing;

	int retryAttempts;

	/** Whether the caller chose the request ID (tracing then leaves it alone). */
	boolean requestIDGiven;

	/** The observation of the handler running this context, if tracing is on. */
	@Nullable Object observation;

	/** The observation of the handler whose context made this call or event, if any. */
	@Nullable Object parentObservation;

	private @Nullable JsonNode paramsTree;

	BrokerContext(ServiceBroker broker, String id, String nodeID) {
		this.broker = broker;
		this.id = id;
		this.requestID = id;
		this.nodeID = nodeID;
		this.meta = new LinkedHashMap<>();
		this.startNanos = System.nanoTime();
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String requestID() {
		return this.requestID;
	}

	@Override
	public @Nullable String parentID() {
		return this.parentID;
	}

	@Override
	public int level() {
		return this.level;
	}

	@Override
	public @Nullable String caller() {
		return this.caller;
	}

	@Override
	public String nodeID() {
		return this.nodeID;
	}

	@Override
	public @Nullable String action() {
		return this.action;
	}

	@Override
	public @Nullable String eventName() {
		return this.eventName;
	}

	@Override
	public @Nullable String eventType() {
		return this.eventType;
	}

	@Override
	public @Nullable List<String> eventGroups() {
		return this.eventGroups;
	}

	@Override
	public @Nullable String service() {
		return this.service;
	}

	@Override
	public @Nullable Object params() {
		return this.params;
	}

	@Override
	public <T> T params(Class<T> type) {
		return params((Type) type);
	}

	@Override
	public <T> T params(Type type) {
		return this.broker.values().convertParams(this.params, type, this);
	}

	@Override
	public <T> @Nullable T param(String name, Type type) {
		Object value = rawParam(name);
		if (value == null) {
			return null;
		}
		return this.broker.values().convertParam(value, name, type, this);
	}

	@Override
	public boolean hasParam(String name) {
		Object current = this.params;
		if (current == null) {
			return false;
		}
		if (current instanceof JsonNode node) {
			return node.isObject() && node.has(name);
		}
		if (current instanceof Map<?, ?> map) {
			return map.containsKey(name);
		}
		return paramsTree().has(name);
	}

	private @Nullable Object rawParam(String name) {
		Object current = this.params;
		if (current == null) {
			return null;
		}
		if (current instanceof JsonNode node) {
			JsonNode child = node.isObject() ? node.get(name) : null;
			return (child == null || child.isNull() || child.isMissingNode()) ? null : child;
		}
		if (current instanceof Map<?, ?> map) {
			return map.get(name);
		}
		JsonNode child = paramsTree().get(name);
		return (child == null || child.isNull()) ? null : child;
	}

	private JsonNode paramsTree() {
		JsonNode tree = this.paramsTree;
		if (tree == null) {
			tree = this.broker.values().toTree(this.params);
			this.paramsTree = tree;
		}
		return tree;
	}

	@Override
	public Map<String, Object> meta() {
		return this.meta;
	}

	@Override
	public Map<String, Object> headers() {
		Map<String, Object> current = this.headers;
		if (current == null) {
			current = new LinkedHashMap<>();
			this.headers = current;
		}
		return current;
	}

	@Override
	public Map<String, Object> responseHeaders() {
		Map<String, Object> current = this.responseHeaders;
		if (current == null) {
			current = new LinkedHashMap<>();
			this.responseHeaders = current;
		}
		return current;
	}

	@Override
	public Map<String, Object> locals() {
		Map<String, Object> current = this.locals;
		if (current == null) {
			current = new LinkedHashMap<>();
			this.locals = current;
		}
		return current;
	}

	@Override
	public double timeout() {
		return this.timeout;
	}

	/** Milliseconds left of this context's timeout, or a negative value when it has none. */
	double remainingMillis() {
		if (this.timeout <= 0) {
			return -1;
		}
		return this.timeout - (System.nanoTime() - this.startNanos) / 1_000_000.0;
	}

	@Override
	public @Nullable Boolean tracing() {
		return this.tracing;
	}

	@Override
	public ServiceBroker broker() {
		return this.broker;
	}

	@Override
	public CompletableFuture<Object> call(String action, @Nullable Object params, CallOptions options) {
		return this.broker.callFromContext(this, action, params, options).thenApply(this.broker.values()::natural);
	}

	@Override
	public <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options,
			Class<T> resultType) {
		return this.broker.callFromContext(this, action, params, options)
			.thenApply((result) -> this.broker.values().convertResult(result, resultType));
	}

	@Override
	public CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options) {
		return this.broker.emit(event, data, options, this);
	}

	@Override
	public CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options) {
		return this.broker.broadcast(event, data, options, this);
	}

	/** Merges a finished sub-call's meta into this context's meta (Moleculer's mergeMeta). */
	void mergeMeta(Map<String, Object> subMeta) {
		if (subMeta != this.meta && !subMeta.isEmpty()) {
			this.meta.putAll(subMeta);
		}
	}

	@Override
	public String toString() {
		return "Context[id=" + this.id + ", " + ((this.action != null) ? "action=" + this.action
				: "event=" + this.eventName) + ", requestID=" + this.requestID + ", level=" + this.level + "]";
	}

}
