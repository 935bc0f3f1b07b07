package io.github.moleculerspring.middleware;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.MoleculerErrors;
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
 * without dashes is a valid trace ID). That mapping belongs to the broker's context, which the
 * middleware reaches through a {@link Carrier}.
 */
public final class TracingMiddleware implements Middleware {

	/** The caller's observation of a call. */
	public static final String CALL = "moleculer.action.call";

	/** The handler's observation of a call. */
	public static final String HANDLE = "moleculer.action.handle";

	/** The emitter's observation of an event. */
	public static final String EMIT = "moleculer.event.emit";

	/** A handler's observation of an event. */
	public static final String RECEIVE = "moleculer.event.receive";

	private final ObservationRegistry registry;

	private final String nodeID;

	private final Carrier carrier;

	private final Propagator.Setter<Context> setter;

	private final Propagator.Getter<Context> getter;

	/**
	 * Creates the middleware.
	 * @param registry the registry the observations go to
	 * @param nodeID this node's ID (a context from another node is a received call or event)
	 * @param carrier reads and writes the trace state of the broker's contexts
	 */
	public TracingMiddleware(ObservationRegistry registry, String nodeID, Carrier carrier) {
		this.registry = registry;
		this.nodeID = nodeID;
		this.carrier = carrier;
		this.setter = (ctx, key, value) -> {
			if (ctx != null) {
				carrier.set(ctx, key, value);
			}
		};
		this.getter = carrier::get;
	}

	/**
	 * The trace state of a context beyond what {@link Context} shows: its trace headers (mapped to
	 * and from Moleculer's {@code tracing}, {@code parentID} and {@code requestID} fields) and the
	 * observations of its handler and of its parent. The broker implements it for its contexts.
	 */
	public interface Carrier {

		/**
		 * A trace header of the context: the header it carries or, for {@code traceparent} when
		 * it carries none, the one rebuilt from Moleculer's fields.
		 * @param ctx the context
		 * @param key the header name
		 * @return the value, or {@code null}
		 */
		@Nullable String get(Context ctx, String key);

		/**
		 * Writes a trace header into the context and, for {@code traceparent}, into Moleculer's
		 * fields.
		 * @param ctx the context
		 * @param key the header name
		 * @param value the value
		 */
		void set(Context ctx, String key, String value);

		/**
		 * The observation of the handler whose context made this call or event.
		 * @param ctx the context
		 * @return the observation, or {@code null}
		 */
		@Nullable Observation parentObservation(Context ctx);

		/**
		 * Records the observation of the handler running the context, the parent of the calls and
		 * events it makes.
		 * @param ctx the context
		 * @param observation the observation
		 */
		void observation(Context ctx, Observation observation);

	}

	@Override
	public ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
		String service = endpoint.service().fullName();
		String action = endpoint.name();
		return (ctx) -> {
			SenderContext<Context> sender = new SenderContext<>(this.setter, Kind.CLIENT);
			sender.setCarrier(ctx);
			sender.setRemoteServiceName(service);
			Observation observation = Observation.createNotStarted(CALL, () -> sender, this.registry)
				.contextualName("call " + action)
				.lowCardinalityKeyValue("moleculer.service", service)
				.lowCardinalityKeyValue("moleculer.action", action)
				.highCardinalityKeyValue("moleculer.request.id", ctx.requestID());
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
		return (ctx) -> {
			Observation observation;
			if (!this.nodeID.equals(ctx.nodeID())) {
				ReceiverContext<Context> receiver = new ReceiverContext<>(this.getter, Kind.SERVER);
				receiver.setCarrier(ctx);
				receiver.setRemoteServiceName(ctx.caller());
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
				.highCardinalityKeyValue("moleculer.request.id", ctx.requestID())
				.start();
			this.carrier.observation(ctx, observation);
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
		return (ctx) -> {
			Observation observation;
			if (!this.nodeID.equals(ctx.nodeID())) {
				ReceiverContext<Context> receiver = new ReceiverContext<>(this.getter, Kind.CONSUMER);
				receiver.setCarrier(ctx);
				receiver.setRemoteServiceName(ctx.caller());
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
			observation.contextualName(ctx.eventName() + " (" + group + ")")
				.lowCardinalityKeyValue("moleculer.service", service)
				.lowCardinalityKeyValue("moleculer.event", String.valueOf(ctx.eventName()))
				.lowCardinalityKeyValue("moleculer.group", group)
				.highCardinalityKeyValue("moleculer.request.id", ctx.requestID())
				.start();
			this.carrier.observation(ctx, observation);
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
	public Observation startEvent(Context ctx, String type) {
		SenderContext<Context> sender = new SenderContext<>(this.setter, Kind.PRODUCER);
		sender.setCarrier(ctx);
		Observation observation = Observation.createNotStarted(EMIT, () -> sender, this.registry)
			.contextualName(type + " " + ctx.eventName())
			.lowCardinalityKeyValue("moleculer.event", String.valueOf(ctx.eventName()))
			.lowCardinalityKeyValue("moleculer.event.type", type)
			.highCardinalityKeyValue("moleculer.request.id", ctx.requestID());
		Observation parent = parent(ctx);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observation.start();
	}

	private @Nullable Observation parent(Context ctx) {
		Observation parent = this.carrier.parentObservation(ctx);
		if (parent != null) {
			return parent;
		}
		return this.registry.getCurrentObservation();
	}

	private static CompletableFuture<Object> invoke(ActionInvoker next, Context ctx) {
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

}
