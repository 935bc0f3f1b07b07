package io.github.moleculerspring.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.middleware.TracingMiddleware;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.transport.Transit;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moleculer's events on this node: emit (one handler per group), broadcast (every handler) and
 * broadcast-local, each with Moleculer's balancing or, with {@code disableBalancer}, the
 * transporter's; delivery to local handlers on the executor, through the middleware chain; sending
 * to other nodes through {@link Transit}; and delivery of the events other nodes send. One method
 * opens an event's context and its observation.
 */
final class EventBus {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final ServiceBroker broker;

	private final ContextFactory contexts;

	private final MiddlewareChain middlewares;

	private final @Nullable TracingMiddleware tracing;

	private final Executor executor;

	/** Deliveries handed to the executor and not yet started; bounded by the event queue size. */
	private final AtomicInteger queued = new AtomicInteger();

	private final int maxQueued;

	/** When the last "queue is full" warning was logged, and how many were held back since. */
	private final AtomicLong lastFullWarning = new AtomicLong();

	private final AtomicLong heldBackWarnings = new AtomicLong();

	EventBus(ServiceBroker broker, ContextFactory contexts, MiddlewareChain middlewares,
			@Nullable TracingMiddleware tracing, Executor executor) {
		this.broker = broker;
		this.contexts = contexts;
		this.middlewares = middlewares;
		this.tracing = tracing;
		this.executor = executor;
		this.maxQueued = broker.options().incomingEventQueueSize();
	}

	/** Emits a balanced event; see {@link ServiceBroker#emit(String, Object, EmitOptions)}. */
	CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent) {
		this.middlewares.eventSent("emit", event, options.getGroups());
		BrokerContext ctx = open(event, data, options, parent, "emit");
		return traced(ctx.observation(), emitInternal(ctx, event, options));
	}

	private CompletableFuture<Void> emitInternal(BrokerContext ctx, String event, EmitOptions options) {
		Transit current = this.broker.transit();
		Registry registry = this.broker.registry();
		if (current != null && this.broker.options().disableBalancer()) {
			// NATS queue groups balance: one EVENTB copy per group, nothing handled in-process.
			List<String> groups = (options.getGroups() != null && !options.getGroups().isEmpty()) ? options.getGroups()
					: registry.eventGroups(event);
			try {
				for (String group : groups) {
					current.sendBalancedEvent(group, ctx);
				}
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<Void>> work = new ArrayList<>();
		Map<String, List<String>> remote = new LinkedHashMap<>();
		for (EventEndpoint endpoint : registry.balancedEventEndpoints(event, options.getGroups(), ctx)) {
			if (endpoint.isLocal()) {
				BrokerContext delivery = this.contexts.copyForEvent(ctx, endpoint.service().fullName());
				delivery.eventGroups(List.of(endpoint.group()));
				work.add(deliverLocal(endpoint, delivery, false));
			}
			else {
				remote.computeIfAbsent(endpoint.nodeID(), (k) -> new ArrayList<>()).add(endpoint.group());
			}
		}
		for (Map.Entry<String, List<String>> target : remote.entrySet()) {
			work.add(sendEvent(target.getKey(), ctx, target.getValue(), false));
		}
		return all(work);
	}

	/** Broadcasts an event; see {@link ServiceBroker#broadcast(String, Object, EmitOptions)}. */
	CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent) {
		this.middlewares.eventSent("broadcast", event, options.getGroups());
		List<CompletableFuture<Void>> work = new ArrayList<>();
		if (this.broker.transit() != null) {
			Registry registry = this.broker.registry();
			BrokerContext ctx = open(event, data, options, parent, "broadcast");
			List<CompletableFuture<Void>> sends = new ArrayList<>();
			if (this.broker.options().disableBalancer()) {
				// Every subscribed node, this one included, gets its copy through the transporter.
				List<String> groups = (options.getGroups() != null && !options.getGroups().isEmpty())
						? options.getGroups() : registry.eventGroups(event);
				if (!groups.isEmpty()) {
					for (String node : registry.eventEndpointsByNode(event, groups).keySet()) {
						sends.add(sendEvent(node, ctx, groups, true));
					}
				}
				return traced(ctx.observation(), all(sends));
			}
			for (String node : registry.eventEndpointsByNode(event, options.getGroups()).keySet()) {
				if (!node.equals(this.broker.nodeID())) {
					sends.add(sendEvent(node, ctx, options.getGroups(), true));
				}
			}
			work.add(traced(ctx.observation(), all(sends)));
		}
		work.add(broadcastLocal(event, data, options, parent));
		return all(work);
	}

	/** Broadcasts an event to this node's handlers only. */
	CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent) {
		this.middlewares.eventSent("broadcastLocal", event, options.getGroups());
		BrokerContext ctx = open(event, data, options, parent, "broadcastLocal");
		return traced(ctx.observation(), deliverLocalEvent(ctx, options.getGroups(), true, false));
	}

	/**
	 * Delivers an event from another node to the local handlers it is for (dropped while stopping).
	 * @param ctx the event's context, as the transit made it: its groups and type say which handlers
	 */
	void receive(BrokerContext ctx) {
		if (this.broker.refusing()) {
			logger.warn("Event '{}' from '{}' dropped: this broker is stopping.", ctx.eventName(), ctx.nodeID());
			return;
		}
		deliverLocalEvent(ctx, ctx.eventGroups(), "broadcast".equals(ctx.eventType()), true);
	}

	/**
	 * Whether an event from another node may be delivered on the poller that read it: every local
	 * handler it can reach is declared non-blocking (or none is there, and it is dropped at once).
	 * @param event the event name
	 * @return {@code true} to deliver it inline
	 */
	boolean deliversInline(String event) {
		for (EventEndpoint endpoint : this.broker.registry().localEventEndpoints(event, null, true, null)) {
			EventDefinition definition = endpoint.definition();
			if (definition == null || !definition.nonBlocking()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The context of an event being sent, with its observation when tracing is on (not for
	 * {@code $} events).
	 */
	private BrokerContext open(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent, String type) {
		BrokerContext ctx = this.contexts.event(event, data, options, parent, type);
		TracingMiddleware current = this.tracing;
		if (current != null && ctx.eventName() != null && !ctx.eventName().startsWith("$")) {
			ctx.observation(current.startEvent(ctx, type));
		}
		return ctx;
	}

	/** Ends an event's observation, if one was started, when its work is done. */
	private static CompletableFuture<Void> traced(@Nullable Object started, CompletableFuture<Void> work) {
		if (!(started instanceof Observation observation)) {
			return work;
		}
		return work.whenComplete((value, error) -> {
			if (error != null) {
				observation.error(MoleculerErrors.unwrap(error));
			}
			observation.stop();
		});
	}

	private CompletableFuture<Void> deliverLocalEvent(BrokerContext ctx, @Nullable List<String> groups,
			boolean broadcast, boolean inline) {
		List<EventEndpoint> endpoints = this.broker.registry()
			.localEventEndpoints(ctx.eventName(), groups, broadcast, ctx);
		if (endpoints.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (endpoints.size() == 1) {
			EventEndpoint only = endpoints.get(0);
			return deliverLocal(only, this.contexts.copyForEvent(ctx, only.service().fullName()), inline);
		}
		List<CompletableFuture<Void>> work = new ArrayList<>(endpoints.size());
		for (EventEndpoint endpoint : endpoints) {
			work.add(deliverLocal(endpoint, this.contexts.copyForEvent(ctx, endpoint.service().fullName()), false));
		}
		return all(work);
	}

	private CompletableFuture<Void> deliverLocal(EventEndpoint endpoint, BrokerContext ctx, boolean inline) {
		EventInvoker invoker = Objects.requireNonNull(endpoint.invoker());
		if (inline) {
			return invokeEvent(invoker, endpoint, ctx);
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		if (this.queued.incrementAndGet() > this.maxQueued) {
			this.queued.decrementAndGet();
			QueueIsFullError full = QueueIsFullError.forEvent(String.valueOf(ctx.eventName()), this.broker.nodeID(),
					this.maxQueued, this.maxQueued);
			warnFull(ctx, endpoint, full);
			done.completeExceptionally(full);
			return done;
		}
		try {
			this.executor.execute(() -> {
				this.queued.decrementAndGet();
				invokeEvent(invoker, endpoint, ctx).whenComplete((v, ex) -> done.complete(null));
			});
		}
		catch (RejectedExecutionException ex) {
			this.queued.decrementAndGet();
			logger.warn("Event '{}' not delivered to '{}': the executor does not accept work (stopping)",
					ctx.eventName(), endpoint.service().fullName());
			done.complete(null);
		}
		return done;
	}

	/** Logs a rejected delivery at most every 10 s, with how many were held back (a flood must not flood the log). */
	private void warnFull(BrokerContext ctx, EventEndpoint endpoint, QueueIsFullError full) {
		long now = System.nanoTime();
		long last = this.lastFullWarning.get();
		if ((last != 0 && now - last < 10_000_000_000L) || !this.lastFullWarning.compareAndSet(last, now)) {
			this.heldBackWarnings.incrementAndGet();
			return;
		}
		logger.warn("Event '{}' not delivered to '{}': {} ({} similar warning(s) held back)", ctx.eventName(),
				endpoint.service().fullName(), full.getMessage(), this.heldBackWarnings.getAndSet(0));
	}

	private CompletableFuture<Void> invokeEvent(EventInvoker invoker, EventEndpoint endpoint, BrokerContext ctx) {
		CompletableFuture<Void> result;
		try {
			result = invoker.invoke(ctx);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		return result.handle((v, error) -> {
			if (error != null) {
				logger.error("Event handler of '{}' in service '{}' failed", ctx.eventName(),
						endpoint.service().fullName(), MoleculerErrors.unwrap(error));
			}
			return null;
		});
	}

	/** Runs a local event handler, the innermost step of the event middleware chain. */
	CompletableFuture<Void> invokeLocalEventHandler(EventEndpoint endpoint, Context ctx) {
		boolean logContext = this.broker.options().logContext();
		Object log = logContext ? LogContext.enter(ctx, "event", ctx.eventName()) : null;
		try {
			Object result = Objects.requireNonNull(endpoint.definition()).handler().handle(ctx);
			if (result instanceof CompletionStage<?> stage) {
				return stage.toCompletableFuture().thenApply((v) -> null);
			}
			return CompletableFuture.completedFuture(null);
		}
		catch (Throwable ex) {
			HandlerErrors.rethrowFatal(ex);
			return CompletableFuture.failedFuture(ex);
		}
		finally {
			if (logContext) {
				LogContext.exit(log);
			}
		}
	}

	private CompletableFuture<Void> sendEvent(String target, BrokerContext ctx, @Nullable List<String> groups,
			boolean broadcast) {
		Transit current = this.broker.transit();
		if (current == null) {
			return CompletableFuture.completedFuture(null);
		}
		try {
			current.sendEvent(target, ctx, groups, broadcast);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not send event '{}' to '{}': {}", ctx.eventName(), target, ex.toString());
			return CompletableFuture.failedFuture(ex);
		}
		return CompletableFuture.completedFuture(null);
	}

	private static CompletableFuture<Void> all(List<CompletableFuture<Void>> work) {
		if (work.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (work.size() == 1) {
			return work.get(0);
		}
		return CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0]));
	}

}
