package io.github.moleculerspring.broker;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.github.moleculerspring.context.BrokerView;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.context.ValueConverter;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.metrics.BrokerMeterBinder;
import io.github.moleculerspring.metrics.BrokerStatus;
import io.github.moleculerspring.middleware.CircuitBreakerMiddleware;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.registry.Discoverer;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.strategy.StrategyHost;
import io.github.moleculerspring.transport.Transit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Moleculer service broker: it registers local services, discovers remote ones through its
 * transporter, calls actions (locally or on the node the strategy picks), and emits, broadcasts and
 * delivers events, with Moleculer 0.15's semantics.
 *
 * <p>
 * Everything is asynchronous: calls return a {@link CompletableFuture} and no broker thread waits
 * for a reply. Local calls run the handler on the calling thread, as Moleculer does within one
 * process; handlers of calls and events from other nodes, local event handlers, and every completion
 * of a remote call run on the broker's executor, never on a transport or timer thread.
 *
 * <p>
 * This class is the façade; the work is done behind it by one class per concept (calls, retries,
 * events, incoming requests, node reactions, INFO, lifecycle, threads), all package-private.
 */
public final class ServiceBroker implements AutoCloseable, BrokerView {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	/** This library's version, as published in INFO {@code client.version}. */
	public static final String VERSION = NodeIdentity.libraryVersion();

	private final BrokerOptions options;

	private final String nodeID;

	private final String instanceID;

	private final ValueConverter values;

	private final Function<@Nullable Object, @Nullable Object> natural;

	private final Registry registry;

	private final @Nullable Transit transit;

	private final @Nullable Discoverer discoverer;

	private final BrokerThreads threads;

	private final BrokerMiddlewares middlewares;

	private final BrokerLifecycle lifecycle;

	private final RetryingCaller calls;

	private final EventBus events;

	private final IncomingRequests requests;

	private final StrategyHost strategyHost = new BrokerStrategyHost(this);

	private final BrokerStatus status = new ServiceBrokerStatus(this);

	private final Map<String, Object> clientInfo;

	/**
	 * Creates a broker.
	 * @param options the options
	 */
	public ServiceBroker(BrokerOptions options) {
		this.options = Objects.requireNonNull(options);
		boolean defaultNodeID = (options.nodeID() == null);
		this.nodeID = defaultNodeID ? NodeIdentity.claimDefaultNodeID() : options.nodeID();
		this.instanceID = UUID.randomUUID().toString();
		this.values = new ValueConverter(options.mapper());
		this.natural = this.values::natural; // bound once, not on every call
		this.clientInfo = NodeIdentity.clientInfo(VERSION);
		this.threads = new BrokerThreads(options, this.nodeID);
		Executor executor = this.threads.executor();
		this.middlewares = new BrokerMiddlewares(options, this.nodeID, this.threads, (event, payload) -> broadcast(event, payload));
		MiddlewareChain chain = this.middlewares.chain();
		InfoAnnouncer info = new InfoAnnouncer(this, this.threads::delay);
		BrokerContextCalls contextCalls = new BrokerContextCalls(this);
		ContextFactory contexts = new ContextFactory(contextCalls, this.nodeID, options.observationRegistry());
		ActionCaller caller = new ActionCaller(this, contexts, new HandlerErrors(this.nodeID));
		this.requests = new IncomingRequests(this, this.threads::delay);
		this.lifecycle = new BrokerLifecycle(this, this.threads, info, this.requests, chain,
				defaultNodeID ? () -> NodeIdentity.releaseDefaultNodeID(this.nodeID) : () -> {
				});
		this.calls = new RetryingCaller(caller, options.retryPolicy(), chain, this.threads::delay, executor,
				this.lifecycle::isStopped);
		this.events = new EventBus(this, contexts, chain, this.middlewares.tracing(), executor);
		contextCalls.bind(this.calls, this.events);
		this.registry = new Registry(this.nodeID, options.preferLocal(), new RegistryEvents(this, info),
				new EndpointWiring(this, chain, caller, this.events), System::currentTimeMillis);
		this.transit = TransitFactory.create(options, this.nodeID, this.instanceID, this.threads,
				new TransitHandler(this, this.requests, this.events, info), contexts, this.registry);
		Transit current = this.transit;
		this.discoverer = (current == null) ? null
				: new Discoverer(this.registry, this.threads.scheduler(), options.heartbeatInterval(),
						options.heartbeatTimeout(), options.cleanOfflineNodesTimeout(), current::sendHeartbeat,
						current::probeNode);
		if (options.internalServices()) {
			createService(NodeService.create(this));
		}
		if (options.meterRegistry() != null) {
			new BrokerMeterBinder(this.status).bindTo(options.meterRegistry());
		}
	}

	// ------------------------------------------------------------------ identity

	public String nodeID() {
		return this.nodeID;
	}

	public String namespace() {
		return this.options.namespace();
	}

	/** A random ID of this broker instance; it changes on every start of the process. */
	public String instanceID() {
		return this.instanceID;
	}

	public BrokerOptions options() {
		return this.options;
	}

	/** The registry. Internal (tests, extensions): read {@link #status()}. */
	public Registry registry() {
		return this.registry;
	}

	/** The transit, or {@code null} without a transporter. Internal (tests, extensions): read {@link #status()}. */
	public @Nullable Transit transit() {
		return this.transit;
	}

	/** A read-only view of this broker's nodes, services, endpoints, breakers and transit counters. */
	public BrokerStatus status() {
		return this.status;
	}

	/** What the broker's strategies may use of it. */
	StrategyHost strategyHost() {
		return this.strategyHost;
	}

	/** Converts values with the broker's JSON mapper. */
	public ValueConverter values() {
		return this.values;
	}

	/** The executor that runs handlers. */
	public Executor executor() {
		return this.threads.executor();
	}

	/**
	 * The broker's timer, for broker extensions (strategies, middlewares). Tasks on it must be short
	 * and must never run user code: hand such work to {@link #executor()}.
	 */
	public ScheduledExecutorService scheduler() {
		return this.threads.scheduler();
	}

	/** The protocol version this node speaks now. */
	public ProtocolVersion protocolVersion() {
		return (this.transit != null) ? this.transit.protocolVersion()
				: Objects.requireNonNullElse(this.options.protocolVersion(), ProtocolVersion.V5);
	}

	/** Whether the broker has started and not begun stopping. */
	public boolean isStarted() {
		return this.lifecycle.isStarted();
	}

	/** Whether the broker has a transporter that is connected now ({@code true} without a transporter). */
	public boolean isConnected() {
		return this.transit == null || this.transit.isConnected();
	}

	/** The circuit breakers of this broker's endpoints. */
	public CircuitBreakerMiddleware circuitBreakers() {
		return this.middlewares.circuitBreakers();
	}

	/** Incoming requests being handled now. */
	public int inflightRequests() {
		return (this.transit != null) ? this.transit.inflightRequests() : 0;
	}

	/** The client description published in INFO. */
	public Map<String, Object> clientInfo() {
		return this.clientInfo;
	}

	// ------------------------------------------------------------------ services

	/**
	 * Registers a local service. After start, its {@code started} hook runs and the other nodes
	 * learn about it.
	 * @param definition the service
	 * @throws io.github.moleculerspring.error.ServiceSchemaError when it clashes with a registered
	 * service or action
	 */
	public void createService(ServiceDefinition definition) {
		this.registry.registerLocalService(definition);
		if (isStarted() && definition.started() != null) {
			definition.started().run();
		}
	}

	/**
	 * Removes a local service.
	 * @param fullName the service full name
	 * @return whether it was registered
	 */
	public boolean destroyService(String fullName) {
		ServiceDefinition found = null;
		for (ServiceDefinition definition : this.registry.localServiceDefinitions()) {
			if (definition.fullName().equals(fullName)) {
				found = definition;
			}
		}
		boolean removed = this.registry.unregisterLocalService(fullName);
		if (removed && found != null && found.stopped() != null && isStarted()) {
			found.stopped().run();
		}
		return removed;
	}

	// ------------------------------------------------------------------ lifecycle

	/**
	 * Starts the broker: connects the transporter, discovers the other nodes, starts the local
	 * services and announces them.
	 * @return completes when started
	 */
	public CompletableFuture<Void> start() {
		return this.lifecycle.start();
	}

	/**
	 * Stops the broker gracefully: withdraws the local services (INFO with no services), waits
	 * {@code stopDelay} so peers stop sending, refuses new requests, waits for the in-flight ones,
	 * stops the services, then sends DISCONNECT and closes the transporter.
	 * @return completes when stopped
	 */
	public CompletableFuture<Void> stop() {
		return this.lifecycle.stop();
	}

	/** Stops the broker and waits for it (at most the shutdown timeout plus a margin). */
	@Override
	public void close() {
		this.lifecycle.close();
	}

	// ------------------------------------------------------------------ calls

	/**
	 * Calls an action.
	 * @param action the full action name
	 * @param params the parameters (any JSON-serializable value; {@code null} sends {@code {}})
	 * @return the result: for a local action the handler's value, for a remote one plain Java values
	 * (maps, lists, strings, numbers, booleans)
	 */
	public CompletableFuture<Object> call(String action, @Nullable Object params) {
		return call(action, params, CallOptions.DEFAULT);
	}

	/**
	 * Calls an action with options.
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @return the result
	 */
	public CompletableFuture<Object> call(String action, @Nullable Object params, CallOptions options) {
		return this.calls.call(action, params, options, null).thenApply(this.natural);
	}

	/**
	 * Calls an action and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param resultType the result type
	 * @return the result
	 */
	public <T> CompletableFuture<T> call(String action, @Nullable Object params, Class<T> resultType) {
		return call(action, params, CallOptions.DEFAULT, (Type) resultType);
	}

	/**
	 * Calls an action with options and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @param resultType the result type
	 * @return the result
	 */
	public <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options,
			Class<T> resultType) {
		return call(action, params, options, (Type) resultType);
	}

	/**
	 * Calls an action with options and converts the result to a generic type.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 * @param resultType the result type
	 * @return the result
	 */
	public <T> CompletableFuture<T> call(String action, @Nullable Object params, CallOptions options,
			Type resultType) {
		return this.calls.call(action, params, options, null)
			.thenApply((result) -> this.values.convertResult(result, resultType));
	}

	/**
	 * Calls several actions in parallel.
	 * @param calls the calls
	 * @return the results, in order; fails with the first failure
	 */
	public CompletableFuture<List<Object>> mcall(List<CallDefinition> calls) {
		return MultiCall.all(calls, (call) -> call(call.action(), call.params(), call.options()));
	}

	/**
	 * Calls several named actions in parallel.
	 * @param calls the calls by name
	 * @return the results by name; fails with the first failure
	 */
	public CompletableFuture<Map<String, Object>> mcall(Map<String, CallDefinition> calls) {
		return MultiCall.byName(calls, this::mcall);
	}

	/**
	 * Calls several actions in parallel and reports each outcome, as Moleculer's
	 * {@code mcall(..., { settled: true })}.
	 * @param calls the calls
	 * @return one outcome per call, in order
	 */
	public CompletableFuture<List<Settled>> mcallSettled(List<CallDefinition> calls) {
		return MultiCall.settled(calls, (call) -> call(call.action(), call.params(), call.options()));
	}

	/**
	 * One call of an {@code mcall}.
	 * @param action the full action name
	 * @param params the parameters
	 * @param options the options
	 */
	public record CallDefinition(String action, @Nullable Object params, CallOptions options) {

		public CallDefinition(String action, @Nullable Object params) {
			this(action, params, CallOptions.DEFAULT);
		}

	}

	/**
	 * The outcome of one call of {@link #mcallSettled}.
	 * @param fulfilled whether the call succeeded
	 * @param value the result when it succeeded
	 * @param reason the error when it failed
	 */
	public record Settled(boolean fulfilled, @Nullable Object value, @Nullable MoleculerError reason) {
	}

	// ------------------------------------------------------------------ events

	/**
	 * Emits a balanced event: each group subscribed to it receives it once.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> emit(String event, @Nullable Object data) {
		return this.events.emit(event, data, EmitOptions.DEFAULT, null);
	}

	/**
	 * Emits a balanced event.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options) {
		return this.events.emit(event, data, options, null);
	}

	/**
	 * Broadcasts an event: every subscribed handler on every node receives it.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> broadcast(String event, @Nullable Object data) {
		return this.events.broadcast(event, data, EmitOptions.DEFAULT, null);
	}

	/**
	 * Broadcasts an event.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options) {
		return this.events.broadcast(event, data, options, null);
	}

	/**
	 * Broadcasts an event to the handlers of this node only.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when the handlers are done
	 */
	public CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data) {
		return this.events.broadcastLocal(event, data, EmitOptions.DEFAULT, null);
	}

	// ------------------------------------------------------------------ ping

	/**
	 * Pings a node.
	 * @param nodeID the node
	 * @param timeout how long to wait
	 * @return the round trip and clock offset
	 */
	public CompletableFuture<PingResult> ping(String nodeID, Duration timeout) {
		if (this.transit == null) {
			return CompletableFuture.failedFuture(new ServiceNotAvailableError("$ping", nodeID));
		}
		long start = System.currentTimeMillis();
		return this.transit.ping(nodeID, timeout.toMillis()).thenApply((arrived) -> {
			long now = System.currentTimeMillis();
			return new PingResult(nodeID, now - start, Math.round(now - arrived - (now - start) / 2.0));
		});
	}

	/**
	 * The answer to a ping.
	 * @param nodeID the node
	 * @param elapsedTime the round trip in milliseconds
	 * @param timeDiff the estimated clock offset of the node in milliseconds
	 */
	public record PingResult(String nodeID, long elapsedTime, long timeDiff) {
	}

	// ------------------------------------------------------------------ internals

	/** Whether incoming requests and events are refused: the broker is stopping or stopped. */
	boolean refusing() {
		return this.lifecycle.refusing();
	}

	@Nullable Discoverer discoverer() {
		return this.discoverer;
	}

	@Override
	public String toString() {
		return "ServiceBroker[" + this.nodeID + ", " + this.lifecycle.stateName() + "]";
	}

}
