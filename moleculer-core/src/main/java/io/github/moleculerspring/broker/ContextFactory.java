package io.github.moleculerspring.broker;

import java.util.LinkedHashMap;

import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.protocol.EventPacket;
import io.github.moleculerspring.protocol.Packets;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The one place that creates {@link BrokerContext}s: for a call (from its parent and options), for
 * an event being sent, as a copy for each local event endpoint, and from an incoming request or
 * event packet. Keeping it here means the context's fields are written by one class only.
 */
final class ContextFactory {

	private final ServiceBroker broker;

	private final String nodeID;

	private final @Nullable ObservationRegistry observations;

	ContextFactory(ServiceBroker broker, String nodeID, @Nullable ObservationRegistry observations) {
		this.broker = broker;
		this.nodeID = nodeID;
		this.observations = observations;
	}

	/**
	 * A context for one attempt of a call; the endpoint is filled in once chosen.
	 * @param parent the context making the call, if any
	 * @param params the parameters
	 * @param options the call options
	 * @param retry the number of attempts before this one
	 * @return the context
	 */
	BrokerContext call(@Nullable BrokerContext parent, @Nullable Object params, CallOptions options, int retry) {
		BrokerContext ctx = new BrokerContext(this.broker, Ids.next(), this.nodeID);
		ctx.params = params;
		ctx.retryAttempts = retry;
		if (parent != null) {
			ctx.requestID = parent.requestID;
			ctx.parentID = parent.id;
			ctx.level = parent.level + 1;
			ctx.caller = parent.service;
			ctx.tracing = parent.tracing;
			ctx.parentObservation = parent.observation;
			ctx.meta = new LinkedHashMap<>(parent.meta);
			if (options.getMeta() != null) {
				ctx.meta.putAll(options.getMeta());
			}
		}
		else {
			if (options.getRequestID() != null) {
				ctx.requestID = options.getRequestID();
				ctx.requestIDGiven = true;
			}
			if (options.getMeta() != null) {
				ctx.meta = options.getMeta();
			}
		}
		if (options.getCaller() != null) {
			ctx.caller = options.getCaller();
		}
		if (options.getHeaders() != null) {
			ctx.headers = options.getHeaders();
		}
		return ctx;
	}

	/** Fills in the chosen endpoint of a call's context, with its timeout, and starts its clock. */
	void target(BrokerContext ctx, ActionEndpoint endpoint, double timeout) {
		ctx.endpoint = endpoint;
		ctx.action = endpoint.name();
		ctx.service = endpoint.service().fullName();
		ctx.nodeID = endpoint.nodeID();
		ctx.timeout = timeout;
		ctx.startNanos = System.nanoTime();
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
	BrokerContext event(String event, @Nullable Object data, EmitOptions options, @Nullable BrokerContext parent,
			String type) {
		BrokerContext ctx = new BrokerContext(this.broker, Ids.next(), this.nodeID);
		ctx.eventName = event;
		ctx.eventType = type;
		ctx.eventGroups = options.getGroups();
		ctx.params = data;
		if (parent != null) {
			ctx.requestID = parent.requestID;
			ctx.parentID = parent.id;
			ctx.level = parent.level + 1;
			ctx.caller = parent.service;
			ctx.tracing = parent.tracing;
			ctx.parentObservation = parent.observation;
			ctx.meta = new LinkedHashMap<>(parent.meta);
		}
		if (options.getMeta() != null) {
			ctx.meta.putAll(options.getMeta());
		}
		if (options.getHeaders() != null) {
			ctx.headers = new LinkedHashMap<>(options.getHeaders());
		}
		if (ctx.parentObservation == null && this.observations != null) {
			ctx.parentObservation = this.observations.getCurrentObservation();
		}
		return ctx;
	}

	/** A copy of an event's context for one local endpoint, with meta and headers of its own. */
	BrokerContext copyForEvent(BrokerContext source, EventEndpoint endpoint) {
		BrokerContext copy = new BrokerContext(this.broker, Ids.next(), source.nodeID);
		copy.requestID = source.requestID;
		copy.parentID = source.parentID;
		copy.level = source.level;
		copy.caller = source.caller;
		copy.tracing = source.tracing;
		copy.eventName = source.eventName;
		copy.eventType = source.eventType;
		copy.eventGroups = source.eventGroups;
		copy.params = source.params;
		copy.meta = new LinkedHashMap<>(source.meta);
		copy.headers = (source.headers != null) ? new LinkedHashMap<>(source.headers) : null;
		copy.service = endpoint.service().fullName();
		copy.parentObservation = (source.observation != null) ? source.observation : source.parentObservation;
		return copy;
	}

	/** The context of a request from another node, for the local endpoint that serves it. */
	BrokerContext request(RequestPacket packet, ActionEndpoint endpoint) {
		BrokerContext ctx = new BrokerContext(this.broker, packet.id(), packet.sender());
		ctx.endpoint = endpoint;
		ctx.action = endpoint.name();
		ctx.service = endpoint.service().fullName();
		ctx.params = Packets.isAbsent(packet.params()) ? null : packet.params();
		ctx.meta = packet.meta();
		ctx.headers = packet.headers();
		ctx.level = packet.level();
		ctx.requestID = (packet.requestID() != null) ? packet.requestID() : packet.id();
		ctx.parentID = packet.parentID();
		ctx.caller = packet.caller();
		ctx.tracing = packet.tracing();
		ctx.timeout = packet.timeout();
		return ctx;
	}

	/** The context of an event from another node. */
	BrokerContext event(EventPacket packet) {
		BrokerContext ctx = new BrokerContext(this.broker, packet.id().isEmpty() ? Ids.next() : packet.id(),
				packet.sender());
		ctx.eventName = packet.event();
		ctx.eventType = packet.broadcast() ? "broadcast" : "emit";
		ctx.eventGroups = packet.groups();
		ctx.params = Packets.isAbsent(packet.data()) ? null : packet.data();
		ctx.meta = packet.meta();
		ctx.headers = packet.headers();
		ctx.level = packet.level();
		ctx.requestID = (packet.requestID() != null) ? packet.requestID() : ctx.id;
		ctx.parentID = packet.parentID();
		ctx.caller = packet.caller();
		ctx.tracing = packet.tracing();
		return ctx;
	}

}
