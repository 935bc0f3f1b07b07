package io.github.moleculerspring.context;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.protocol.RawJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The broker's implementation of {@link Context}. One instance per call (shared by caller and
 * callee for local calls, as in Moleculer) or per event delivery; not thread-safe by design, as a
 * context belongs to one logical flow at a time. Only {@link ContextFactory} creates one. Its
 * methods beyond {@code Context} carry the broker-side state of a call or event (its clock, chosen
 * endpoint, observations, retry count) and are for the broker, the transit and the built-in
 * middlewares, not for handlers.
 */
public final class BrokerContext implements Context {

	private static final String TRACEPARENT_VERSION = "00-";

	private final @Nullable ContextCalls calls;

	private final String id;

	private String requestID;

	private @Nullable String parentID;

	private int level = 1;

	private @Nullable String caller;

	private String nodeID;

	private @Nullable String action;

	private @Nullable String eventName;

	private @Nullable String eventType;

	private @Nullable List<String> eventGroups;

	private @Nullable String service;

	private @Nullable Object params;

	private Map<String, Object> meta;

	private @Nullable Map<String, Object> headers;

	private @Nullable Map<String, Object> responseHeaders;

	private @Nullable Map<String, Object> locals;

	private double timeout;

	private long startNanos;

	private @Nullable Boolean tracing;

	private int retryAttempts;

	/** Whether the caller chose the request ID (tracing then leaves it alone). */
	private boolean requestIDGiven;

	/** The observation of the handler running this context, if tracing is on. */
	private @Nullable Object observation;

	/** The observation of the handler whose context made this call or event, if any. */
	private @Nullable Object parentObservation;

	private @Nullable JsonNode paramsTree;

	BrokerContext(@Nullable ContextCalls calls, String id, String nodeID) {
		this.calls = calls;
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
		Object current = this.params;
		if (current instanceof RawJson raw) {
			JsonNode tree = this.paramsTree;
			if (tree == null) {
				tree = raw.tree();
				this.paramsTree = tree;
			}
			return tree;
		}
		return current;
	}

	@Override
	public <T> T params(Class<T> type) {
		return params((Type) type);
	}

	@Override
	public <T> T params(Type type) {
		return calls().broker().values().convertParams(this.params, type, this);
	}

	@Override
	public <T> @Nullable T param(String name, Type type) {
		Object value = rawParam(name);
		if (value == null) {
			return null;
		}
		return calls().broker().values().convertParam(value, name, type, this);
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
			tree = calls().broker().values().toTree(this.params);
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
	public double remainingMillis() {
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
	public BrokerView broker() {
		return calls().broker();
	}

	@Override
	public CompletableFuture<Object> call(String action, @Nullable Object params, CallOptions options) {
		ContextCalls current = calls();
		return current.call(this, action, params, options).thenApply(current.broker().values()::natural);
	}

	@Override
	public <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options,
			Class<T> resultType) {
		ContextCalls current = calls();
		return current.call(this, action, params, options)
			.thenApply((result) -> current.broker().values().convertResult(result, resultType));
	}

	@Override
	public CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options) {
		return calls().emit(this, event, data, options);
	}

	@Override
	public CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options) {
		return calls().broadcast(this, event, data, options);
	}

	private ContextCalls calls() {
		return Objects.requireNonNull(this.calls, "a context without a broker");
	}

	// ------------------------------------------------------------------ broker side

	/** The headers, or {@code null} when none were set (nothing is created). */
	public @Nullable Map<String, Object> headersOrNull() {
		return this.headers;
	}

	/** The response headers, or {@code null} when the handler set none. */
	public @Nullable Map<String, Object> responseHeadersOrNull() {
		return this.responseHeaders;
	}

	/** The number of attempts of this call before this one. */
	public int retryAttempts() {
		return this.retryAttempts;
	}

	/** Whether the caller chose the request ID (tracing then leaves it alone). */
	public boolean requestIDGiven() {
		return this.requestIDGiven;
	}

	/** The observation of the handler running this context, if tracing is on. */
	public @Nullable Object observation() {
		return this.observation;
	}

	/**
	 * Sets the observation of the handler running this context.
	 * @param observation the observation
	 */
	public void observation(@Nullable Object observation) {
		this.observation = observation;
	}

	/** The observation of the handler whose context made this call or event, if any. */
	public @Nullable Object parentObservation() {
		return this.parentObservation;
	}

	/**
	 * Fills in the endpoint chosen for this call, with its timeout, and starts its clock.
	 * @param action the action's full name
	 * @param service the full name of the service that serves it
	 * @param nodeID the node it runs on
	 * @param timeout the effective timeout in milliseconds, {@code 0} for none
	 */
	public void target(String action, String service, String nodeID, double timeout) {
		this.action = action;
		this.service = service;
		this.nodeID = nodeID;
		this.timeout = timeout;
		this.startNanos = System.nanoTime();
	}

	/**
	 * Sets the node this context runs on (a balanced call that the transporter routes runs on
	 * this node's side first).
	 * @param nodeID the node
	 */
	public void nodeID(String nodeID) {
		this.nodeID = nodeID;
	}

	/**
	 * Sets the local service that handles this incoming request.
	 * @param service the service full name
	 */
	public void service(String service) {
		this.service = service;
	}

	/**
	 * Sets the groups this event is delivered to.
	 * @param groups the groups
	 */
	public void eventGroups(@Nullable List<String> groups) {
		this.eventGroups = groups;
	}

	/**
	 * Writes a W3C {@code traceparent} into Moleculer's fields: the sampled flag into
	 * {@code tracing}, the parent span into {@code parentID} and, for a root call whose request ID the
	 * caller did not choose, the trace ID into {@code requestID}. A malformed value changes nothing.
	 * @param traceparent the header value
	 */
	public void applyTraceparent(String traceparent) {
		String[] parts = traceparent.split("-");
		if (parts.length < 4 || parts[1].length() != 32 || parts[2].length() != 16) {
			return;
		}
		this.tracing = (Integer.parseInt(parts[3].substring(0, Math.min(2, parts[3].length())), 16) & 1) == 1;
		this.parentID = parts[2];
		if (this.level == 1 && !this.requestIDGiven) {
			this.requestID = parts[1];
		}
	}

	/**
	 * Rebuilds a W3C traceparent from Moleculer's fields when a packet carries no trace headers: the
	 * trace ID is the {@code requestID} (dashes removed), the parent span the first 16 hex digits of
	 * {@code parentID} (or of the context ID for a root call), sampled unless {@code tracing} is
	 * {@code false}.
	 * @return the traceparent, or {@code null} when the IDs are not hex
	 */
	public @Nullable String traceparentFromFields() {
		String trace = hex(this.requestID, 32);
		if (trace == null) {
			return null;
		}
		String span = (this.parentID != null) ? hex(this.parentID, 16) : null;
		if (span == null) {
			span = hex(this.id, 16);
		}
		if (span == null) {
			return null;
		}
		return TRACEPARENT_VERSION + trace + "-" + span + "-" + (Boolean.FALSE.equals(this.tracing) ? "00" : "01");
	}

	private static @Nullable String hex(@Nullable String id, int length) {
		if (id == null) {
			return null;
		}
		StringBuilder hex = new StringBuilder(length);
		for (int i = 0; i < id.length() && hex.length() < length; i++) {
			char c = Character.toLowerCase(id.charAt(i));
			if (c == '-') {
				continue;
			}
			if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
				return null;
			}
			hex.append(c);
		}
		if (hex.length() < length) {
			return null;
		}
		String result = hex.toString();
		return (result.chars().allMatch((c) -> c == '0')) ? null : result;
	}

	// ------------------------------------------------------------------ written by ContextFactory

	void requestID(String requestID, boolean given) {
		this.requestID = requestID;
		this.requestIDGiven = given;
	}

	void parentID(@Nullable String parentID) {
		this.parentID = parentID;
	}

	void level(int level) {
		this.level = level;
	}

	void caller(@Nullable String caller) {
		this.caller = caller;
	}

	void tracing(@Nullable Boolean tracing) {
		this.tracing = tracing;
	}

	void action(@Nullable String action) {
		this.action = action;
	}

	void event(@Nullable String name, @Nullable String type, @Nullable List<String> groups) {
		this.eventName = name;
		this.eventType = type;
		this.eventGroups = groups;
	}

	void params(@Nullable Object params) {
		this.params = params;
		this.paramsTree = null;
	}

	void meta(Map<String, Object> meta) {
		this.meta = meta;
	}

	void headers(@Nullable Map<String, Object> headers) {
		this.headers = headers;
	}

	void timeout(double timeout) {
		this.timeout = timeout;
	}

	void retryAttempts(int retryAttempts) {
		this.retryAttempts = retryAttempts;
	}

	void parentObservation(@Nullable Object parentObservation) {
		this.parentObservation = parentObservation;
	}

	/** Continues a parent's request one level down: its request, span, caller, sampling and observation. */
	void continueFrom(BrokerContext parent) {
		this.requestID = parent.requestID;
		this.parentID = parent.id;
		this.level = parent.level + 1;
		this.caller = parent.service;
		this.tracing = parent.tracing;
		this.parentObservation = parent.observation;
		this.meta = new LinkedHashMap<>(parent.meta);
	}

	/** Merges a finished sub-call's meta into this context's meta (Moleculer's mergeMeta). */
	public void mergeMeta(Map<String, Object> subMeta) {
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
