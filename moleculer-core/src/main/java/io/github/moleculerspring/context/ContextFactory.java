package io.github.moleculerspring.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The one place that creates {@link BrokerContext}s: for a call (from its parent and options), for
 * an event being sent, as a copy for each local event endpoint, and for a request or event from
 * another node (the transit reads the packet, this class gets its values). Keeping it here means
 * the context's fields are written by one class only.
 */
public final class ContextFactory {

	/**
	 * What a request or event from another node says about where it comes from.
	 * @param id the context ID
	 * @param sender the sending node
	 * @param params the parameters or event payload, {@code null} when absent
	 * @param meta the meta
	 * @param headers the headers (protocol 5), or {@code null}
	 * @param level the call level
	 * @param requestID the request ID, {@code null} for the context ID
	 * @param parentID the parent context ID
	 * @param caller the calling service
	 * @param tracing the sampled flag
	 */
	public record Origin(String id, String sender, @Nullable Object params, Map<String, Object> meta,
			@Nullable Map<String, Object> headers, int level, @Nullable String requestID, @Nullable String parentID,
			@Nullable String caller, @Nullable Boolean tracing) {
	}

	private final @Nullable ContextCalls calls;

	private final String nodeID;

	private final @Nullable ObservationRegistry observations;

	/**
	 * Creates the factory of a broker.
	 * @param calls what the contexts ask the broker for ({@code null} only in tests)
	 * @param nodeID this node
	 * @param observations the observation registry, if tracing is on
	 */
	public ContextFactory(@Nullable ContextCalls calls, String nodeID, @Nullable ObservationRegistry observations) {
		this.calls = calls;
		this.nodeID = nodeID;
		this.observations = observations;
	}

	/**
	 * A context for one attempt of a call; the endpoint is filled in once chosen
	 * ({@link BrokerContext#target}).
	 * @param parent the context making the call, if any
	 * @param params the parameters
	 * @param options the call options
	 * @param retry the number of attempts before this one
	 * @return the context
	 */
	public BrokerContext call(@Nullable BrokerContext parent, @Nullable Object params, CallOptions options,
			int retry) {
		BrokerContext ctx = new BrokerContext(this.calls, Ids.next(), this.nodeID);
		ctx.params(params);
		ctx.retryAttempts(retry);
		if (parent != null) {
			ctx.continueFrom(parent);
			if (options.getMeta() != null) {
				ctx.meta().putAll(options.getMeta());
			}
		}
		else {
			if (options.getRequestID() != null) {
				ctx.requestID(options.getRequestID(), true);
			}
			if (options.getMeta() != null) {
				ctx.meta(options.getMeta());
			}
		}
		if (options.getCaller() != null) {
			ctx.caller(options.getCaller());
		}
		if (options.getHeaders() != null) {
			ctx.headers(options.getHeaders());
		}
		return ctx;
	}

	/**
	 * A context for an event being emitted, broadcast or broadcast locally.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @param parent the context sending it, if any
	 * @param type {@code emit}, {@code broadcast} or {@code broadcastLocal}
	 * @return the context
	 */
	public BrokerContext event(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent, String type) {
		BrokerContext ctx = new BrokerContext(this.calls, Ids.next(), this.nodeID);
		ctx.event(event, type, options.getGroups());
		ctx.params(data);
		if (parent != null) {
			ctx.continueFrom(parent);
		}
		if (options.getMeta() != null) {
			ctx.meta().putAll(options.getMeta());
		}
		if (options.getHeaders() != null) {
			ctx.headers(new LinkedHashMap<>(options.getHeaders()));
		}
		if (ctx.parentObservation() == null && this.observations != null) {
			ctx.parentObservation(this.observations.getCurrentObservation());
		}
		return ctx;
	}

	/**
	 * A copy of an event's context for one local endpoint, with meta and headers of its own.
	 * @param source the event's context
	 * @param service the full name of the endpoint's service
	 * @return the copy
	 */
	public BrokerContext copyForEvent(BrokerContext source, String service) {
		BrokerContext copy = new BrokerContext(this.calls, Ids.next(), source.nodeID());
		copy.requestID(source.requestID(), false);
		copy.parentID(source.parentID());
		copy.level(source.level());
		copy.caller(source.caller());
		copy.tracing(source.tracing());
		copy.event(source.eventName(), source.eventType(), source.eventGroups());
		copy.params(source.params());
		copy.meta(new LinkedHashMap<>(source.meta()));
		Map<String, Object> headers = source.headersOrNull();
		copy.headers((headers != null) ? new LinkedHashMap<>(headers) : null);
		copy.service(service);
		copy.parentObservation((source.observation() != null) ? source.observation() : source.parentObservation());
		return copy;
	}

	/**
	 * The context of a request from another node; the broker names the local service that serves it
	 * ({@link BrokerContext#service(String)}).
	 * @param origin what the request says about where it comes from
	 * @param action the action
	 * @param timeout the caller's timeout in milliseconds
	 * @return the context
	 */
	public BrokerContext request(Origin origin, String action, double timeout) {
		BrokerContext ctx = remote(origin);
		ctx.action(action);
		ctx.timeout(timeout);
		return ctx;
	}

	/**
	 * The context of an event from another node.
	 * @param origin what the event says about where it comes from
	 * @param event the event name
	 * @param broadcast whether it was broadcast (else emitted)
	 * @param groups the groups it is for, {@code null} for all
	 * @return the context
	 */
	public BrokerContext event(Origin origin, String event, boolean broadcast, @Nullable List<String> groups) {
		BrokerContext ctx = remote(origin);
		ctx.event(event, broadcast ? "broadcast" : "emit", groups);
		return ctx;
	}

	private BrokerContext remote(Origin origin) {
		BrokerContext ctx = new BrokerContext(this.calls, origin.id(), origin.sender());
		ctx.params(origin.params());
		ctx.meta(origin.meta());
		ctx.headers(origin.headers());
		ctx.level(origin.level());
		ctx.requestID((origin.requestID() != null) ? origin.requestID() : origin.id(), false);
		ctx.parentID(origin.parentID());
		ctx.caller(origin.caller());
		ctx.tracing(origin.tracing());
		return ctx;
	}

}
