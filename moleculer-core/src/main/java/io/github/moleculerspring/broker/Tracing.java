package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.middleware.ActionInvoker;
import io.github.moleculerspring.middleware.EventInvoker;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer Observations around calls and events, on both sides, with the trace context carried
 * across nodes in the packet: in protocol 5 {@code headers} (whatever the propagator writes, W3C
 * {@code traceparent} by default), and in Moleculer's own fields, which protocol 4 and Moleculer.js
 * nodes carry along a chain: {@code tracing} is the sampled flag, {@code parentID} the calling span
 * and, for a root call, {@code requestID} the trace ID.
 *
 * <p>
 * A node receiving a call without trace headers rebuilds the context from those fields, so a chain
 * started by a Moleculer.js node is traced under a trace ID equal to its {@code requestID} (a UUID
 * without dashes is a valid trace ID).
 */
final class Tracing implements Middleware {

	/** The caller's observation of a call. */
	static final String CALL = "moleculer.action.call";

	/** The handler's observation of a call. */
	static final String HANDLE = "moleculer.action.handle";

	/** The emitter's observation of an event. */
	static final String EMIT = "moleculer.event.emit";

	/** A handler's observation of an event. */
	static final String RECEIVE = "moleculer.event.receive";

	private static final String TRACEPARENT = "traceparent";

	private static final Propagator.Setter<BrokerContext> SETTER = (carrier, key, value) -> {
		if (carrier != null) {
			carrier.headers().put(key, value);
			if (TRACEPARENT.equals(key)) {
				applyTraceparent(carrier, value);
			}
		}
	};

	private static final Propagator.Getter<BrokerContext> GETTER = (carrier, key) -> {
		Object value = (carrier.headers != null) ? carrier.headers.get(key) : null;
		if (value != null) {
			return String.valueOf(value);
		}
		return TRACEPARENT.equals(key) ? traceparentFromFields(carrier) : null;
	};

	private final ObservationRegistry registry;

	private final String nodeID;

	Tracing(ObservationRegistry registry, String nodeID) {
		this.registry = registry;
		this.nodeID = nodeID;
	}

	@Override
	public ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
		String service = endpoint.service().fullName();
		String action = endpoint.name();
		return (context) -> {
			BrokerContext ctx = (BrokerContext) context;
			SenderContext<BrokerContext> sender = new SenderContext<>(SETTER, Kind.CLIENT);
			sender.setCarrier(ctx);
			sender.setRemoteServiceName(service);
			Observation observation = Observation.createNotStarted(CALL, () -> sender, this.registry)
				.contextualName("call " + action)
				.lowCardinalityKeyValue("moleculer.service", service)
				.lowCardinalityKeyValue("moleculer.action", action)
				.highCardinalityKeyValue("moleculer.request.id", ctx.requestID);
			Observation parent = parent(ctx);
			if (parent != null) {
				observation.parentObservation(parent);
			}
			observation.start();
			return stopWhenDone(observation, invoke(next, ctx));
		};
	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		String service = endpoint.service().fullName();
		String action = endpoint.name();
		return (context) -> {
			BrokerContext ctx = (BrokerContext) context;
			Observation observation;
			if (!this.nodeID.equals(ctx.nodeID)) {
				ReceiverContext<BrokerContext> receiver = new ReceiverContext<>(GETTER, Kind.SERVER);
				receiver.setCarrier(ctx);
				receiver.setRemoteServiceName(ctx.caller);
				observation = Observation.createNotStarted(HANDLE, () -> receiver, this.registry);
			}
			else {
				observation = Observation.createNotStarted(HANDLE, this.registry);
				Observation parent = parent(ctx);
				if (parent != null) {
					observation.parentObservation(parent);
				}
			}
			observation.contextualName(action)
				.lowCardinalityKeyValue("moleculer.service", service)
				.lowCardinalityKeyValue("moleculer.action", action)
				.highCardinalityKeyValue("moleculer.request.id", ctx.requestID)
				.start();
			ctx.observation = observation;
			CompletableFuture<Object> result;
			try (Observation.Scope scope = observation.openScope()) {
				result = invoke(next, ctx);
			}
			return stopWhenDone(observation, result);
		};
	}

	@Override
	public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
		String service = endpoint.service().fullName();
		String group = endpoint.group();
		return (context) -> {
			BrokerContext ctx = (BrokerContext) context;
			Observation observation;
			if (!this.nodeID.equals(ctx.nodeID)) {
				ReceiverContext<BrokerContext> receiver = new ReceiverContext<>(GETTER, Kind.CONSUMER);
				receiver.setCarrier(ctx);
				receiver.setRemoteServiceName(ctx.caller);
				observation = Observation.createNotStarted(RECEIVE, () -> receiver, this.registry);
			}
			else {
				// A local delivery runs on the executor: its parent is the emitter's observation.
				observation = Observation.createNotStarted(RECEIVE, this.registry);
				Observation parent = parent(ctx);
				if (parent != null) {
					observation.parentObservation(parent);
				}
			}
			observation.contextualName(ctx.eventName + " (" + group + ")")
				.lowCardinalityKeyValue("moleculer.service", service)
				.lowCardinalityKeyValue("moleculer.event", String.valueOf(ctx.eventName))
				.lowCardinalityKeyValue("moleculer.group", group)
				.highCardinalityKeyValue("moleculer.request.id", ctx.requestID)
				.start();
			ctx.observation = observation;
			CompletableFuture<Void> result;
			try (Observation.Scope scope = observation.openScope()) {
				try {
					result = next.invoke(ctx);
				}
				catch (RuntimeException ex) {
					result = CompletableFuture.failedFuture(ex);
				}
			}
			return result.whenComplete((value, error) -> {
				if (error != null) {
					observation.error(MoleculerErrors.unwrap(error));
				}
				observation.stop();
			});
		};
	}

	/**
	 * Starts the emitter's observation of an event and writes its trace context into the event's
	 * context, before the copies for each receiver are made.
	 * @param ctx the event's root context
	 * @param type {@code emit}, {@code broadcast} or {@code broadcastLocal}
	 * @return the started observation, to stop once the event is handed over
	 */
	Observation startEvent(BrokerContext ctx, String type) {
		SenderContext<BrokerContext> sender = new SenderContext<>(SETTER, Kind.PRODUCER);
		sender.setCarrier(ctx);
		Observation observation = Observation.createNotStarted(EMIT, () -> sender, this.registry)
			.contextualName(type + " " + ctx.eventName)
			.lowCardinalityKeyValue("moleculer.event", String.valueOf(ctx.eventName))
			.lowCardinalityKeyValue("moleculer.event.type", type)
			.highCardinalityKeyValue("moleculer.request.id", ctx.requestID);
		Observation parent = parent(ctx);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observation.start();
	}

	private @Nullable Observation parent(BrokerContext ctx) {
		if (ctx.parentObservation instanceof Observation parent) {
			return parent;
		}
		return this.registry.getCurrentObservation();
	}

	private static CompletableFuture<Object> invoke(ActionInvoker next, BrokerContext ctx) {
		try {
			return next.invoke(ctx);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static CompletableFuture<Object> stopWhenDone(Observation observation, CompletableFuture<Object> result) {
		return result.whenComplete((value, error) -> {
			if (error != null) {
				observation.error(MoleculerErrors.unwrap(error));
			}
			observation.stop();
		});
	}

	/** Writes a W3C traceparent into Moleculer's fields: sampled flag, parent span, root trace ID. */
	static void applyTraceparent(BrokerContext ctx, String traceparent) {
		String[] parts = traceparent.split("-");
		if (parts.length < 4 || parts[1].length() != 32 || parts[2].length() != 16) {
			return;
		}
		ctx.tracing = (Integer.parseInt(parts[3].substring(0, Math.min(2, parts[3].length())), 16) & 1) == 1;
		ctx.parentID = parts[2];
		if (ctx.level == 1 && !ctx.requestIDGiven) {
			ctx.requestID = parts[1];
		}
	}

	/**
	 * Rebuilds a W3C traceparent from Moleculer's fields when a packet carries no trace headers: the
	 * trace ID is the {@code requestID} (dashes removed), the parent span the first 16 hex digits of
	 * {@code parentID} (or of the context ID for a root call), sampled unless {@code tracing} is
	 * {@code false}.
	 */
	static @Nullable String traceparentFromFields(BrokerContext ctx) {
		String trace = hex(ctx.requestID, 32);
		if (trace == null) {
			return null;
		}
		String span = (ctx.parentID != null) ? hex(ctx.parentID, 16) : null;
		if (span == null) {
			span = hex(ctx.id, 16);
		}
		if (span == null) {
			return null;
		}
		return "00-" + trace + "-" + span + "-" + (Boolean.FALSE.equals(ctx.tracing) ? "00" : "01");
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

}
