package io.github.moleculerspring.broker;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MaxCallLevelError;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.error.RequestSkippedError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.metrics.BrokerMeterBinder;
import io.github.moleculerspring.middleware.ActionInvoker;
import io.github.moleculerspring.middleware.BulkheadMiddleware;
import io.github.moleculerspring.middleware.CircuitBreakerMiddleware;
import io.github.moleculerspring.middleware.EventInvoker;
import io.github.moleculerspring.middleware.FallbackMiddleware;
import io.github.moleculerspring.middleware.MetricsMiddleware;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.middleware.TimeoutMiddleware;
import io.github.moleculerspring.middleware.TracingMiddleware;
import io.github.moleculerspring.protocol.DisconnectPacket;
import io.github.moleculerspring.protocol.EventPacket;
import io.github.moleculerspring.protocol.HeartbeatPacket;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.Packets;
import io.github.moleculerspring.protocol.PongPacket;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.protocol.Topics;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.Discoverer;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.strategy.Strategy;
import io.github.moleculerspring.strategy.StrategyFactory;
import io.github.moleculerspring.transport.Transit;
import io.github.moleculerspring.transport.Transporter;
import io.micrometer.observation.Observation;
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
 */
public final class ServiceBroker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	/** This library's version, as published in INFO {@code client.version}. */
	public static final String VERSION = version();

	private enum State {

		CREATED, STARTING, STARTED, STOPPING, STOPPED

	}

	private final BrokerOptions options;

	private final String nodeID;

	private final boolean defaultNodeID;

	private final String instanceID;

	private final ValueConverter values;

	private final Registry registry;

	private final @Nullable Transit transit;

	private final @Nullable Discoverer discoverer;

	private final Executor executor;

	private final @Nullable ExecutorService ownExecutor;

	private final ScheduledExecutorService scheduler;

	private final MiddlewareChain middlewares;

	private final CircuitBreakerMiddleware circuitBreakers;

	private final @Nullable TracingMiddleware tracing;

	private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);

	private final AtomicInteger inflight = new AtomicInteger();

	private final Object infoLock = new Object();

	private final Map<String, Object> clientInfo;

	private volatile long infoSeq = 1;

	private volatile boolean announced;

	private volatile boolean refusing;

	private volatile boolean infoBroadcastScheduled;

	private volatile @Nullable CompletableFuture<Void> startFuture;

	private volatile @Nullable CompletableFuture<Void> stopFuture;

	/**
	 * Creates a broker.
	 * @param options the options
	 */
	public ServiceBroker(BrokerOptions options) {
		this.options = Objects.requireNonNull(options);
		this.defaultNodeID = (options.nodeID() == null);
		this.nodeID = this.defaultNodeID ? NodeIdentity.claimDefaultNodeID() : options.nodeID();
		this.instanceID = UUID.randomUUID().toString();
		this.values = new ValueConverter(options.mapper());
		this.clientInfo = Map.of("type", "java", "version", VERSION, "langVersion",
				System.getProperty("java.version", "unknown"));
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
				threadFactory("moleculer-timer-" + this.nodeID, false));
		timer.setRemoveOnCancelPolicy(true);
		this.scheduler = timer;
		if (options.executor() != null) {
			this.executor = options.executor();
			this.ownExecutor = null;
		}
		else {
			this.ownExecutor = options.virtualThreads() ? virtualThreadExecutor()
					: workerPool(options.workerThreads(), this.nodeID);
			this.executor = this.ownExecutor;
		}
		// Innermost first, in Moleculer's order: bulkhead, circuit breaker, timeout, fallback, metrics
		// and tracing (when their registries are given), then the application's middlewares. (Retries
		// and call-level fallbacks wrap the whole call.)
		List<Middleware> chain = new ArrayList<>();
		chain.add(new BulkheadMiddleware(options.bulkhead(), this.executor));
		this.circuitBreakers = new CircuitBreakerMiddleware((event, payload) -> broadcast(event, payload),
				options.circuitBreaker());
		chain.add(this.circuitBreakers);
		chain.add(new TimeoutMiddleware(this.scheduler, this.executor,
				(ctx) -> (ctx instanceof BrokerContext bc) ? bc.remainingMillis() : ctx.timeout()));
		chain.add(new FallbackMiddleware(this::actionFellBack));
		if (options.meterRegistry() != null) {
			chain.add(new MetricsMiddleware(options.meterRegistry()));
		}
		this.tracing = (options.observationRegistry() != null)
				? new TracingMiddleware(options.observationRegistry(), this.nodeID, new TraceCarrier()) : null;
		if (this.tracing != null) {
			chain.add(this.tracing);
		}
		chain.addAll(options.middlewares());
		this.middlewares = new MiddlewareChain(chain);
		this.registry = new Registry(this.nodeID, options.preferLocal(), new RegistryEvents(), new EndpointWiring(),
				System::currentTimeMillis);
		Transporter transporter = options.transporter();
		if (transporter != null && options.disableBalancer() && options.requestTimeout().isZero()) {
			logger.warn("disableBalancer is on without a request timeout: a request taken by a node that crashes "
					+ "before answering can only end by a timeout (the caller cannot know which node took it). "
					+ "Set a request timeout.");
		}
		if (transporter != null) {
			Transit.Config config = new Transit.Config(this.nodeID, this.instanceID, new Topics(options.namespace()),
					transporter, new JsonPacketSerializer(options.mapper()), this.executor, this.scheduler,
					options.protocolVersion(), options.transitMaxQueueSize(), options.incomingQueueSize(),
					options.errorStackTraces(), options.errorExceptionNames(), options.disableBalancer());
			this.transit = new Transit(config, new TransitHandler());
			Transit current = this.transit;
			this.discoverer = new Discoverer(this.registry, this.scheduler, options.heartbeatInterval(),
					options.heartbeatTimeout(), options.cleanOfflineNodesTimeout(), current::sendHeartbeat,
					current::probeNode);
		}
		else {
			this.transit = null;
			this.discoverer = null;
		}
		if (options.internalServices()) {
			createService(NodeService.create(this));
		}
		if (options.meterRegistry() != null) {
			new BrokerMeterBinder(this).bindTo(options.meterRegistry());
		}
	}

	private void actionFellBack(ActionEndpoint endpoint, Throwable error) {
		this.middlewares.fellBack(endpoint.name(), endpoint.service().fullName(), error);
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

	public Registry registry() {
		return this.registry;
	}

	/** The transit, or {@code null} when the broker has no transporter. */
	public @Nullable Transit transit() {
		return this.transit;
	}

	/** Converts values with the broker's JSON mapper. */
	public ValueConverter values() {
		return this.values;
	}

	/** The executor that runs handlers. */
	public Executor executor() {
		return this.executor;
	}

	/**
	 * The broker's timer, for broker extensions (strategies, middlewares). Tasks on it must be short
	 * and must never run user code: hand such work to {@link #executor()}.
	 */
	public ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/** The protocol version this node speaks now. */
	public ProtocolVersion protocolVersion() {
		return (this.transit != null) ? this.transit.protocolVersion()
				: Objects.requireNonNullElse(this.options.protocolVersion(), ProtocolVersion.V5);
	}

	/** Whether the broker has started and not begun stopping. */
	public boolean isStarted() {
		return this.state.get() == State.STARTED;
	}

	/** Whether the broker has a transporter that is connected now ({@code true} without a transporter). */
	public boolean isConnected() {
		return this.transit == null || this.transit.isConnected();
	}

	/** The circuit breakers of this broker's endpoints. */
	public CircuitBreakerMiddleware circuitBreakers() {
		return this.circuitBreakers;
	}

	/** Incoming requests being handled now. */
	public int inflightRequests() {
		return this.inflight.get();
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
		if (this.state.get() == State.STARTED && definition.started() != null) {
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
		if (removed && found != null && found.stopped() != null && this.state.get() == State.STARTED) {
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
	public synchronized CompletableFuture<Void> start() {
		if (this.startFuture != null) {
			return this.startFuture;
		}
		if (!this.state.compareAndSet(State.CREATED, State.STARTING)) {
			return CompletableFuture.failedFuture(new IllegalStateException("A stopped broker cannot be started again"));
		}
		long begin = System.nanoTime();
		updateLocalNode();
		CompletableFuture<Void> connected;
		if (this.transit != null) {
			long wait = this.options.discoveryWait().toMillis();
			connected = this.transit.connect()
				.thenCompose((v) -> delay(wait));
		}
		else {
			connected = CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> started = connected.thenRunAsync(() -> {
			for (ServiceDefinition definition : this.registry.localServiceDefinitions()) {
				if (definition.started() != null) {
					definition.started().run();
				}
			}
			this.state.set(State.STARTED);
			synchronized (this.infoLock) {
				this.announced = true;
				this.infoSeq++;
			}
			updateLocalNode();
			if (this.transit != null) {
				this.transit.broadcastInfo();
				this.discoverer.start();
			}
			this.middlewares.started(this);
			logger.info("ServiceBroker '{}' with {} service(s) started in {} ms ({}).", this.nodeID,
					this.registry.localServiceDefinitions().size(), (System.nanoTime() - begin) / 1_000_000,
					(this.transit != null) ? this.transit.transporter().name() + " transporter, protocol v"
							+ this.transit.ver() : "no transporter");
			broadcastLocal("$broker.started", null);
		}, this.executor);
		this.startFuture = started;
		return started;
	}

	/**
	 * Stops the broker gracefully: withdraws the local services (INFO with no services), waits
	 * {@code stopDelay} so peers stop sending, refuses new requests, waits for the in-flight ones,
	 * stops the services, then sends DISCONNECT and closes the transporter.
	 * @return completes when stopped
	 */
	public synchronized CompletableFuture<Void> stop() {
		if (this.stopFuture != null) {
			return this.stopFuture;
		}
		State previous = this.state.getAndSet(State.STOPPING);
		if (previous == State.CREATED) {
			this.state.set(State.STOPPED);
			release();
			this.stopFuture = CompletableFuture.completedFuture(null);
			return this.stopFuture;
		}
		CompletableFuture<Void> starting = (this.startFuture != null) ? this.startFuture
				: CompletableFuture.completedFuture(null);
		if (previous == State.STARTING && !starting.isDone() && this.transit != null
				&& !this.transit.transporter().isConnected()) {
			// Still trying to reach the transporter, which may never come: give up connecting
			// (the start fails with BrokerDisconnectedError) rather than wait for it.
			logger.info("Broker '{}' stops while still connecting: connection attempts abandoned", this.nodeID);
			this.transit.disconnect();
		}
		CompletableFuture<Void> stopped = starting.exceptionally((ex) -> null)
			.thenRun(this::withdraw)
			.thenCompose((v) -> delay(this.options.stopDelay().toMillis()))
			.thenRun(() -> this.refusing = true)
			.thenCompose((v) -> awaitInflight(System.nanoTime() + this.options.shutdownTimeout().toNanos()))
			.thenRunAsync(this::stopServices, this.executor)
			.thenCompose((v) -> (this.transit != null) ? this.transit.disconnect().exceptionally((ex) -> {
				logger.warn("Could not disconnect the transporter cleanly", ex);
				return null;
			}) : CompletableFuture.completedFuture(null))
			.whenComplete((v, ex) -> {
				this.state.set(State.STOPPED);
				this.middlewares.stopped(this);
				release();
				logger.info("ServiceBroker '{}' stopped.", this.nodeID);
			});
		this.stopFuture = stopped;
		return stopped;
	}

	/** Stops the broker and waits for it (at most the shutdown timeout plus a margin). */
	@Override
	public void close() {
		try {
			stop().get(this.options.shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Broker '{}' did not stop cleanly", this.nodeID, ex);
		}
	}

	private void withdraw() {
		synchronized (this.infoLock) {
			this.announced = false;
			this.infoSeq++;
		}
		if (this.discoverer != null) {
			this.discoverer.stop();
		}
		if (this.transit != null && this.transit.isConnected()) {
			this.transit.broadcastInfo();
		}
	}

	private void stopServices() {
		for (ServiceDefinition definition : this.registry.localServiceDefinitions()) {
			if (definition.stopped() != null) {
				try {
					definition.stopped().run();
				}
				catch (RuntimeException ex) {
					logger.warn("Service '{}' failed to stop", definition.fullName(), ex);
				}
			}
		}
		broadcastLocal("$broker.stopped", null);
	}

	private CompletableFuture<Void> awaitInflight(long deadlineNanos) {
		if (this.inflight.get() == 0) {
			return CompletableFuture.completedFuture(null);
		}
		if (System.nanoTime() > deadlineNanos) {
			logger.warn("Broker '{}' stops with {} request(s) still in flight after the shutdown timeout",
					this.nodeID, this.inflight.get());
			return CompletableFuture.completedFuture(null);
		}
		return delay(10).thenCompose((v) -> awaitInflight(deadlineNanos));
	}

	private void release() {
		this.scheduler.shutdown();
		if (this.ownExecutor != null) {
			this.ownExecutor.shutdown();
		}
		if (this.defaultNodeID) {
			NodeIdentity.releaseDefaultNodeID(this.nodeID);
		}
	}

	private CompletableFuture<Void> delay(long millis) {
		if (millis <= 0) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		try {
			this.scheduler.schedule(() -> future.complete(null), millis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			future.complete(null);
		}
		return future;
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
		return callInternal(action, params, options, null).thenApply(this.values::natural);
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
		return callInternal(action, params, options, null)
			.thenApply((result) -> this.values.convertResult(result, resultType));
	}

	/**
	 * Calls several actions in parallel.
	 * @param calls the calls
	 * @return the results, in order; fails with the first failure
	 */
	public CompletableFuture<List<Object>> mcall(List<CallDefinition> calls) {
		List<CompletableFuture<Object>> futures = new ArrayList<>(calls.size());
		for (CallDefinition call : calls) {
			futures.add(call(call.action(), call.params(), call.options()));
		}
		return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply((v) -> {
			List<Object> results = new ArrayList<>(futures.size());
			for (CompletableFuture<Object> future : futures) {
				results.add(future.join());
			}
			return results;
		});
	}

	/**
	 * Calls several named actions in parallel.
	 * @param calls the calls by name
	 * @return the results by name; fails with the first failure
	 */
	public CompletableFuture<Map<String, Object>> mcall(Map<String, CallDefinition> calls) {
		List<String> names = new ArrayList<>(calls.keySet());
		List<CallDefinition> list = new ArrayList<>();
		for (String name : names) {
			list.add(calls.get(name));
		}
		return mcall(list).thenApply((results) -> {
			Map<String, Object> byName = new LinkedHashMap<>();
			for (int i = 0; i < names.size(); i++) {
				byName.put(names.get(i), results.get(i));
			}
			return byName;
		});
	}

	/**
	 * Calls several actions in parallel and reports each outcome, as Moleculer's
	 * {@code mcall(..., { settled: true })}.
	 * @param calls the calls
	 * @return one outcome per call, in order
	 */
	public CompletableFuture<List<Settled>> mcallSettled(List<CallDefinition> calls) {
		List<CompletableFuture<Settled>> futures = new ArrayList<>(calls.size());
		for (CallDefinition call : calls) {
			futures.add(call(call.action(), call.params(), call.options()).handle((value, error) -> (error == null)
					? new Settled(true, value, null) : new Settled(false, null, MoleculerErrors.toMoleculerError(error))));
		}
		return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply((v) -> {
			List<Settled> results = new ArrayList<>(futures.size());
			for (CompletableFuture<Settled> future : futures) {
				results.add(future.join());
			}
			return results;
		});
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

	CompletableFuture<Object> callFromContext(BrokerContext parent, String action, @Nullable Object params,
			CallOptions options) {
		int maxCallLevel = this.options.maxCallLevel();
		if (maxCallLevel > 0 && parent.level >= maxCallLevel) {
			return CompletableFuture.failedFuture(new MaxCallLevelError(this.nodeID, parent.level));
		}
		return callInternal(action, params, options, parent);
	}

	/**
	 * A call with its retries and call-level fallback: each attempt creates a context, selects an
	 * endpoint (avoiding nodes that already failed while others are available) and runs it; a
	 * retryable failure is retried after the policy's delay; what still fails goes to the fallback.
	 */
	private CompletableFuture<Object> callInternal(String action, @Nullable Object params, CallOptions options,
			@Nullable BrokerContext parent) {
		CompletableFuture<Object> result = attempt(action, params, options, parent, 0, null);
		if (options.getFallback() == null) {
			return result;
		}
		return result.handle((value, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(value);
			}
			Throwable cause = MoleculerErrors.unwrap(error);
			logger.warn("The '{}' request failed ({}); returning the caller's fallback.", action, cause.getMessage());
			this.middlewares.fellBack(action, null, cause);
			try {
				return CompletableFuture.completedFuture(options.getFallback().apply(cause));
			}
			catch (RuntimeException ex) {
				return CompletableFuture.<Object>failedFuture(ex);
			}
		}).thenCompose((future) -> future);
	}

	private CompletableFuture<Object> attempt(String action, @Nullable Object params, CallOptions options,
			@Nullable BrokerContext parent, int retry, @Nullable Set<String> failedNodes) {
		double parentRemaining = (parent != null) ? parent.remainingMillis() : -1;
		if (parent != null && parent.timeout > 0 && parentRemaining <= 0) {
			return CompletableFuture.failedFuture(new RequestSkippedError(action, this.nodeID));
		}
		BrokerContext ctx = new BrokerContext(this, Ids.next(), this.nodeID);
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
		ActionEndpoint endpoint = null;
		CompletableFuture<Object> result;
		try {
			endpoint = resolveEndpoint(action, options.getNodeID(), ctx, parent, failedNodes);
			ctx.endpoint = endpoint;
			ctx.action = endpoint.name();
			ctx.service = endpoint.service().fullName();
			ctx.nodeID = endpoint.nodeID();
			ctx.timeout = effectiveTimeout(options, endpoint, parentRemaining);
			ctx.startNanos = System.nanoTime();
			ActionInvoker invoker = endpoint.invoker();
			if (options.getNodeID() == null && endpoint.balancedInvoker() != null) {
				invoker = endpoint.balancedInvoker();
				ctx.nodeID = this.nodeID;
			}
			result = invoker.invoke(ctx);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		if (result.isDone() && !result.isCompletedExceptionally()) {
			// Fast path (a local handler that answered at once): nothing to retry or fall back on.
			if (parent != null) {
				parent.mergeMeta(ctx.meta);
			}
			return result;
		}
		ActionEndpoint target = endpoint;
		return result.handle((value, error) -> {
			if (parent != null) {
				parent.mergeMeta(ctx.meta);
			}
			if (error == null) {
				return CompletableFuture.completedFuture(value);
			}
			Throwable cause = MoleculerErrors.unwrap(error);
			RetryPolicy policy = this.options.retryPolicy()
				.merge((target != null) ? target.descriptor().get("retryPolicy") : null);
			int retries = (options.getRetries() != null) ? options.getRetries()
					: (policy.enabled() ? policy.retries() : 0);
			if (retry >= retries || !policy.check().test(cause) || this.state.get() == State.STOPPED) {
				return CompletableFuture.<Object>failedFuture(cause);
			}
			Set<String> failed = (failedNodes != null) ? new HashSet<>(failedNodes) : new HashSet<>();
			if (target != null) {
				failed.add(target.nodeID());
			}
			Duration wait = policy.delayFor(retry + 1);
			this.middlewares.retried(action, (target != null) ? target.service().fullName() : null, retry + 1, cause);
			logger.warn("Retry {} of {} for '{}' in {} ms after: {}", retry + 1, retries, action, wait.toMillis(),
					cause.getMessage());
			return delay(wait.toMillis()).thenComposeAsync(
					(v) -> attempt(action, params, options, parent, retry + 1, failed), this.executor);
		}).thenCompose((future) -> future);
	}

	private ActionEndpoint resolveEndpoint(String action, @Nullable String targetNodeID, BrokerContext ctx,
			@Nullable BrokerContext parent, @Nullable Set<String> avoid) {
		if (targetNodeID != null) {
			ActionEndpoint endpoint = this.registry.getActionEndpoint(action, targetNodeID);
			if (endpoint == null) {
				throw new ServiceNotFoundError(action, targetNodeID);
			}
			if (!endpoint.isAvailable()) {
				throw new ServiceNotAvailableError(action, targetNodeID);
			}
			return endpoint;
		}
		EndpointList<ActionEndpoint> list = this.registry.getActionEndpoints(action);
		if (list == null) {
			ActionEndpoint own = this.registry.getPrivateActionEndpoint(action);
			if (own != null && parent != null && own.service().fullName().equals(parent.service)) {
				return own;
			}
			throw new ServiceNotFoundError(action, null);
		}
		ActionEndpoint endpoint = (action.startsWith("$") && list.hasLocal()) ? list.nextLocal(ctx)
				: list.next(ctx, this.registry.isPreferLocal(), avoid);
		if (endpoint == null) {
			throw new ServiceNotAvailableError(action, null);
		}
		return endpoint;
	}

	private double effectiveTimeout(CallOptions options, ActionEndpoint endpoint, double parentRemaining) {
		double timeout;
		if (options.getTimeout() != null) {
			timeout = options.getTimeout().toNanos() / 1_000_000.0;
		}
		else if (endpoint.timeout() > 0) {
			timeout = endpoint.timeout();
		}
		else {
			timeout = this.options.requestTimeout().toNanos() / 1_000_000.0;
		}
		if (parentRemaining > 0) {
			timeout = (timeout > 0) ? Math.min(timeout, parentRemaining) : parentRemaining;
		}
		return timeout;
	}

	private CompletableFuture<Object> invokeLocalHandler(ActionEndpoint endpoint, Context ctx) {
		ActionDefinition definition = Objects.requireNonNull(endpoint.definition());
		LogContext log = this.options.logContext() ? LogContext.enter(ctx, "action", endpoint.name()) : null;
		try {
			Object result = definition.handler().handle(ctx);
			if (result instanceof CompletionStage<?> stage) {
				CompletableFuture<Object> future = new CompletableFuture<>();
				stage.whenComplete((value, error) -> {
					if (error != null) {
						future.completeExceptionally(handlerFailure(error, endpoint.name()));
					}
					else {
						future.complete(value);
					}
				});
				return future;
			}
			return CompletableFuture.completedFuture(result);
		}
		catch (Throwable ex) {
			rethrowFatal(ex);
			return CompletableFuture.failedFuture(handlerFailure(ex, endpoint.name()));
		}
		finally {
			if (log != null) {
				log.close();
			}
		}
	}

	private MoleculerError handlerFailure(Throwable error, String where) {
		Throwable cause = MoleculerErrors.unwrap(error);
		MoleculerError moleculerError = MoleculerErrors.toMoleculerError(cause);
		if (!(cause instanceof MoleculerError)) {
			logger.warn("Handler of '{}' failed with an unexpected exception", where, cause);
		}
		if (moleculerError.getNodeID() == null) {
			moleculerError.setNodeID(this.nodeID);
		}
		return moleculerError;
	}

	private static void rethrowFatal(Throwable error) {
		if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
			throw (VirtualMachineError) error;
		}
	}

	private CompletableFuture<Object> sendRequest(ActionEndpoint endpoint, Context context, boolean balanced) {
		Transit current = this.transit;
		if (current == null) {
			return CompletableFuture.failedFuture(new ServiceNotAvailableError(endpoint.name(), endpoint.nodeID()));
		}
		BrokerContext ctx = (BrokerContext) context;
		boolean v5 = current.protocolVersion().hasHeaders();
		Object params = (ctx.params != null) ? ctx.params : Collections.emptyMap();
		RequestPacket packet = new RequestPacket(ctx.id, endpoint.name(), params, ctx.meta,
				v5 ? ((ctx.headers != null) ? ctx.headers : Collections.emptyMap()) : null, ctx.timeout, ctx.level,
				ctx.tracing, ctx.parentID, ctx.requestID, ctx.caller, false, null, current.ver(), this.nodeID);
		return current.request(packet, balanced ? null : endpoint.nodeID(), ctx.timeout, ctx.meta);
	}

	// ------------------------------------------------------------------ events

	/**
	 * Emits a balanced event: each group subscribed to it receives it once.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> emit(String event, @Nullable Object data) {
		return emit(event, data, EmitOptions.DEFAULT, null);
	}

	/**
	 * Emits a balanced event.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options) {
		return emit(event, data, options, null);
	}

	/**
	 * Broadcasts an event: every subscribed handler on every node receives it.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> broadcast(String event, @Nullable Object data) {
		return broadcast(event, data, EmitOptions.DEFAULT, null);
	}

	/**
	 * Broadcasts an event.
	 * @param event the event name
	 * @param data the payload
	 * @param options the groups, meta and headers
	 * @return completes when local handlers are done and remote packets are sent
	 */
	public CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options) {
		return broadcast(event, data, options, null);
	}

	/**
	 * Broadcasts an event to the handlers of this node only.
	 * @param event the event name
	 * @param data the payload
	 * @return completes when the handlers are done
	 */
	public CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data) {
		return broadcastLocal(event, data, EmitOptions.DEFAULT, null);
	}

	CompletableFuture<Void> emit(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent) {
		BrokerContext ctx = eventContext(event, data, options, parent, "emit");
		this.middlewares.eventSent("emit", event, options.getGroups());
		Observation observation = startEventObservation(ctx, "emit");
		return traced(observation, emitInternal(ctx, event, options));
	}

	private CompletableFuture<Void> emitInternal(BrokerContext ctx, String event, EmitOptions options) {
		Transit current = this.transit;
		if (current != null && this.options.disableBalancer()) {
			// NATS queue groups balance: one EVENTB copy per group, nothing handled in-process.
			List<String> groups = (options.getGroups() != null && !options.getGroups().isEmpty()) ? options.getGroups()
					: this.registry.eventGroups(event);
			try {
				for (String group : groups) {
					current.sendBalancedEvent(group, eventPacket(current, ctx, List.of(group), false));
				}
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
			return CompletableFuture.completedFuture(null);
		}
		List<CompletableFuture<Void>> work = new ArrayList<>();
		Map<String, List<String>> remote = new LinkedHashMap<>();
		for (EventEndpoint endpoint : this.registry.balancedEventEndpoints(event, options.getGroups(), ctx)) {
			if (endpoint.isLocal()) {
				BrokerContext delivery = copyForEvent(ctx, endpoint);
				delivery.eventGroups = List.of(endpoint.group());
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

	CompletableFuture<Void> broadcast(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent) {
		this.middlewares.eventSent("broadcast", event, options.getGroups());
		List<CompletableFuture<Void>> work = new ArrayList<>();
		if (this.transit != null) {
			BrokerContext ctx = eventContext(event, data, options, parent, "broadcast");
			Observation observation = startEventObservation(ctx, "broadcast");
			List<CompletableFuture<Void>> sends = new ArrayList<>();
			if (this.options.disableBalancer()) {
				// Every subscribed node, this one included, gets its copy through the transporter.
				List<String> groups = (options.getGroups() != null && !options.getGroups().isEmpty())
						? options.getGroups() : this.registry.eventGroups(event);
				if (!groups.isEmpty()) {
					for (String node : this.registry.eventEndpointsByNode(event, groups).keySet()) {
						sends.add(sendEvent(node, ctx, groups, true));
					}
				}
				return traced(observation, all(sends));
			}
			for (String node : this.registry.eventEndpointsByNode(event, options.getGroups()).keySet()) {
				if (!node.equals(this.nodeID)) {
					sends.add(sendEvent(node, ctx, options.getGroups(), true));
				}
			}
			work.add(traced(observation, all(sends)));
		}
		work.add(broadcastLocal(event, data, options, parent));
		return all(work);
	}

	private @Nullable Observation startEventObservation(BrokerContext ctx, String type) {
		TracingMiddleware current = this.tracing;
		if (current == null || ctx.eventName == null || ctx.eventName.startsWith("$")) {
			return null;
		}
		Observation observation = current.startEvent(ctx, type);
		ctx.observation = observation;
		return observation;
	}

	private static CompletableFuture<Void> traced(@Nullable Observation observation, CompletableFuture<Void> work) {
		if (observation == null) {
			return work;
		}
		return work.whenComplete((value, error) -> {
			if (error != null) {
				observation.error(MoleculerErrors.unwrap(error));
			}
			observation.stop();
		});
	}

	CompletableFuture<Void> broadcastLocal(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent) {
		BrokerContext ctx = eventContext(event, data, options, parent, "broadcastLocal");
		this.middlewares.eventSent("broadcastLocal", event, options.getGroups());
		Observation observation = startEventObservation(ctx, "broadcastLocal");
		return traced(observation, deliverLocalEvent(ctx, options.getGroups(), true, false));
	}

	private CompletableFuture<Void> deliverLocalEvent(BrokerContext ctx, @Nullable List<String> groups,
			boolean broadcast, boolean inline) {
		List<EventEndpoint> endpoints = this.registry.localEventEndpoints(ctx.eventName, groups, broadcast, ctx);
		if (endpoints.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (endpoints.size() == 1) {
			return deliverLocal(endpoints.get(0), copyForEvent(ctx, endpoints.get(0)), inline);
		}
		List<CompletableFuture<Void>> work = new ArrayList<>(endpoints.size());
		for (EventEndpoint endpoint : endpoints) {
			work.add(deliverLocal(endpoint, copyForEvent(ctx, endpoint), false));
		}
		return all(work);
	}

	private CompletableFuture<Void> deliverLocal(EventEndpoint endpoint, BrokerContext ctx, boolean inline) {
		EventInvoker invoker = Objects.requireNonNull(endpoint.invoker());
		if (inline) {
			return invokeEvent(invoker, endpoint, ctx);
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		try {
			this.executor.execute(() -> invokeEvent(invoker, endpoint, ctx).whenComplete((v, ex) -> done.complete(null)));
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Event '{}' not delivered to '{}': the executor does not accept work (stopping)",
					ctx.eventName, endpoint.service().fullName());
			done.complete(null);
		}
		return done;
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
				logger.error("Event handler of '{}' in service '{}' failed", ctx.eventName,
						endpoint.service().fullName(), MoleculerErrors.unwrap(error));
			}
			return null;
		});
	}

	private CompletableFuture<Void> invokeLocalEventHandler(EventEndpoint endpoint, Context ctx) {
		LogContext log = this.options.logContext() ? LogContext.enter(ctx, "event", ctx.eventName()) : null;
		try {
			Object result = Objects.requireNonNull(endpoint.definition()).handler().handle(ctx);
			if (result instanceof CompletionStage<?> stage) {
				return stage.toCompletableFuture().thenApply((v) -> null);
			}
			return CompletableFuture.completedFuture(null);
		}
		catch (Throwable ex) {
			rethrowFatal(ex);
			return CompletableFuture.failedFuture(ex);
		}
		finally {
			if (log != null) {
				log.close();
			}
		}
	}

	private CompletableFuture<Void> sendEvent(String target, BrokerContext ctx, @Nullable List<String> groups,
			boolean broadcast) {
		Transit current = this.transit;
		if (current == null) {
			return CompletableFuture.completedFuture(null);
		}
		try {
			current.sendEvent(target, eventPacket(current, ctx, groups, broadcast));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not send event '{}' to '{}': {}", ctx.eventName, target, ex.toString());
			return CompletableFuture.failedFuture(ex);
		}
		return CompletableFuture.completedFuture(null);
	}

	private EventPacket eventPacket(Transit current, BrokerContext ctx, @Nullable List<String> groups,
			boolean broadcast) {
		boolean v5 = current.protocolVersion().hasHeaders();
		return new EventPacket(Ids.next(), Objects.requireNonNull(ctx.eventName), ctx.params, groups, broadcast,
				ctx.meta, v5 ? ((ctx.headers != null) ? ctx.headers : Collections.emptyMap()) : null, ctx.level,
				ctx.tracing, ctx.parentID, ctx.requestID, ctx.caller, current.ver(), this.nodeID);
	}

	private BrokerContext eventContext(String event, @Nullable Object data, EmitOptions options,
			@Nullable BrokerContext parent, String type) {
		BrokerContext ctx = new BrokerContext(this, Ids.next(), this.nodeID);
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
		if (ctx.parentObservation == null && this.options.observationRegistry() != null) {
			ctx.parentObservation = this.options.observationRegistry().getCurrentObservation();
		}
		return ctx;
	}

	private BrokerContext copyForEvent(BrokerContext source, EventEndpoint endpoint) {
		BrokerContext copy = new BrokerContext(this, Ids.next(), source.nodeID);
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

	private static CompletableFuture<Void> all(List<CompletableFuture<Void>> work) {
		if (work.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (work.size() == 1) {
			return work.get(0);
		}
		return CompletableFuture.allOf(work.toArray(new CompletableFuture<?>[0]));
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
		return this.transit.ping(nodeID, Ids.next(), timeout.toMillis()).thenApply((pong) -> {
			long now = System.currentTimeMillis();
			long elapsed = now - start;
			return new PingResult(nodeID, elapsed, Math.round(now - pong.arrived() - elapsed / 2.0));
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

	private void updateLocalNode() {
		this.registry.updateLocalNode(this.instanceID, this.clientInfo, this.options.metadata(),
				NodeIdentity.ipList(), NodeIdentity.hostname(), protocolVersion().value());
	}

	private InfoPacket localInfo(String ver) {
		long seq;
		boolean withServices;
		synchronized (this.infoLock) {
			seq = this.infoSeq;
			withServices = this.announced;
		}
		return new InfoPacket(withServices ? this.registry.localServiceInfos() : List.of(), NodeIdentity.ipList(),
				NodeIdentity.hostname(), this.clientInfo, Map.of(), this.instanceID, this.options.metadata(), seq, ver,
				this.nodeID);
	}

	private void scheduleInfoBroadcast() {
		if (this.infoBroadcastScheduled) {
			return;
		}
		this.infoBroadcastScheduled = true;
		delay(this.options.serviceChangedDebounce().toMillis()).thenRun(() -> {
			this.infoBroadcastScheduled = false;
			Transit current = this.transit;
			if (current != null && this.announced && current.isConnected()) {
				updateLocalNode();
				current.broadcastInfo();
			}
		});
	}

	private void handleRequest(RequestPacket packet) {
		Transit current = Objects.requireNonNull(this.transit);
		if (this.refusing || this.state.get() == State.STOPPED) {
			current.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null,
					new ServiceNotAvailableError(packet.action(), this.nodeID));
			return;
		}
		ActionEndpoint endpoint = this.registry.getLocalActionEndpoint(packet.action());
		if (endpoint == null || !endpoint.visibility().isRemotelyCallable()) {
			current.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null,
					new ServiceNotFoundError(packet.action(), this.nodeID));
			return;
		}
		if (Boolean.TRUE.equals(packet.stream()) || packet.seq() != null) {
			if (packet.seq() == null || packet.seq() == 0) {
				current.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null,
						new MoleculerClientError("Streams are not supported by this node ('" + this.nodeID
								+ "', Java); send the data as params.", 422, "STREAM_NOT_SUPPORTED",
								Map.of("action", packet.action(), "nodeID", this.nodeID)));
			}
			return;
		}
		BrokerContext ctx = new BrokerContext(this, packet.id(), packet.sender());
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
		this.inflight.incrementAndGet();
		CompletableFuture<Object> result;
		try {
			result = endpoint.invoker().invoke(ctx);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		result.whenComplete((value, error) -> {
			try {
				current.sendResponse(packet.sender(), packet.id(), ctx.meta, ctx.responseHeaders, value,
						(error != null) ? MoleculerErrors.unwrap(error) : null);
			}
			finally {
				this.inflight.decrementAndGet();
			}
		});
	}

	private void handleEvent(EventPacket packet) {
		if (this.state.get() == State.STOPPED || this.refusing) {
			logger.warn("Event '{}' from '{}' dropped: this broker is stopping.", packet.event(), packet.sender());
			return;
		}
		BrokerContext ctx = new BrokerContext(this, packet.id().isEmpty() ? Ids.next() : packet.id(), packet.sender());
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
		deliverLocalEvent(ctx, packet.groups(), packet.broadcast(), true);
	}

	private static Map<String, Object> nodeEventPayload(Node node, String flag, boolean value) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("node", node.toMap(false));
		payload.put(flag, value);
		return payload;
	}

	private static ThreadFactory threadFactory(String name, boolean numbered) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, numbered ? name + "-" + counter.incrementAndGet() : name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * The worker pool: a FIFO fork-join pool of {@code threads} workers. Its idle workers look for
	 * work a little before they park, so a stream of requests wakes far fewer threads than a
	 * {@code ThreadPoolExecutor} would (about half the CPU per remote request in the benchmarks).
	 * A handler that blocks in {@code join()} or {@code get()} gets a compensating worker, up to
	 * 256 extra; idle workers end after 60 s.
	 */
	private static ExecutorService workerPool(int threads, String nodeID) {
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		AtomicInteger counter = new AtomicInteger();
		ForkJoinPool.ForkJoinWorkerThreadFactory factory = (pool) -> {
			ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) {
			};
			thread.setName("moleculer-worker-" + nodeID + "-" + counter.incrementAndGet());
			thread.setDaemon(true);
			thread.setContextClassLoader(classLoader);
			return thread;
		};
		Thread.UncaughtExceptionHandler failures = (thread, error) -> logger
			.error("Uncaught failure on worker thread '{}'", thread.getName(), error);
		return new ForkJoinPool(threads, factory, failures, true, 0, threads + 256, 1, (pool) -> true, 60,
				TimeUnit.SECONDS);
	}

	private static ExecutorService virtualThreadExecutor() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need Java 21 or later (running "
					+ System.getProperty("java.version") + ")", ex);
		}
	}

	private static String version() {
		String version = ServiceBroker.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "0.1.0-SNAPSHOT";
	}

	@Override
	public String toString() {
		return "ServiceBroker[" + this.nodeID + ", " + this.state.get() + "]";
	}

	/** Turns registry changes into local events and INFO broadcasts. */
	private final class RegistryEvents implements Registry.Listener {

		@Override
		public void nodeConnected(Node node, boolean reconnected) {
			logger.info("Node '{}' {}.", node.id(), reconnected ? "reconnected" : "connected");
			broadcastLocal("$node.connected", nodeEventPayload(node, "reconnected", reconnected));
		}

		@Override
		public void nodeUpdated(Node node) {
			broadcastLocal("$node.updated", Map.of("node", node.toMap(false)));
		}

		@Override
		public void nodeDisconnected(Node node, boolean unexpected) {
			Transit current = ServiceBroker.this.transit;
			int rejected = (current != null) ? current.rejectPending(node.id(),
					(request) -> new RequestRejectedError(request.action(), node.id())) : 0;
			if (unexpected) {
				logger.warn("Node '{}' disconnected unexpectedly{}.", node.id(),
						(rejected > 0) ? "; " + rejected + " pending request(s) rejected" : "");
			}
			else {
				logger.info("Node '{}' disconnected{}.", node.id(),
						(rejected > 0) ? "; " + rejected + " pending request(s) rejected" : "");
			}
			broadcastLocal("$node.disconnected", nodeEventPayload(node, "unexpected", unexpected));
		}

		@Override
		public void servicesChanged(boolean local) {
			broadcastLocal("$services.changed", Map.of("localService", local));
			if (local && ServiceBroker.this.state.get() == State.STARTED) {
				synchronized (ServiceBroker.this.infoLock) {
					ServiceBroker.this.infoSeq++;
				}
				scheduleInfoBroadcast();
			}
		}

	}

	/** Wires endpoints to handlers, requests and strategies, through the middleware chain. */
	private final class EndpointWiring implements Registry.Wiring {

		@Override
		public ActionInvoker localAction(ActionEndpoint endpoint) {
			return ServiceBroker.this.middlewares.localAction((ctx) -> invokeLocalHandler(endpoint, ctx), endpoint);
		}

		@Override
		public ActionInvoker remoteAction(ActionEndpoint endpoint) {
			return ServiceBroker.this.middlewares.remoteAction((ctx) -> sendRequest(endpoint, ctx, false), endpoint);
		}

		@Override
		public @Nullable ActionInvoker balancedAction(ActionEndpoint endpoint) {
			if (!ServiceBroker.this.options.disableBalancer() || ServiceBroker.this.options.transporter() == null) {
				return null;
			}
			return ServiceBroker.this.middlewares.remoteAction((ctx) -> sendRequest(endpoint, ctx, true), endpoint);
		}

		@Override
		public EventInvoker localEvent(EventEndpoint endpoint) {
			return ServiceBroker.this.middlewares.localEvent((ctx) -> invokeLocalEventHandler(endpoint, ctx), endpoint);
		}

		@Override
		@SuppressWarnings("unchecked")
		public Strategy strategy(String name, Map<String, Object> descriptor) {
			BrokerOptions options = ServiceBroker.this.options;
			StrategyFactory factory = options.strategies().get(options.strategy());
			Map<String, Object> strategyOptions = options.strategyOptions();
			if (descriptor.get("strategy") instanceof String strategyName) {
				StrategyFactory named = options.strategies().get(strategyName);
				if (named != null) {
					factory = named;
					strategyOptions = (descriptor.get("strategyOptions") instanceof Map<?, ?> map)
							? (Map<String, Object>) map : Map.of();
				}
				else {
					logger.warn("Action '{}' names an unknown strategy '{}'; using '{}'", name, strategyName,
							options.strategy());
				}
			}
			return factory.create(strategyOptions, ServiceBroker.this);
		}

	}

	/** Handles the packets the transit delivers. */
	private final class TransitHandler implements Transit.Handler {

		@Override
		public void onRequest(RequestPacket packet) {
			handleRequest(packet);
		}

		@Override
		public void onEvent(EventPacket packet) {
			handleEvent(packet);
		}

		@Override
		public void onInfo(InfoPacket packet) {
			Node known = ServiceBroker.this.registry.getNode(packet.sender());
			if (known != null && known.isAvailable() && known.instanceID() != null && packet.instanceID() != null
					&& !known.instanceID().equals(packet.instanceID())) {
				Transit current = Objects.requireNonNull(ServiceBroker.this.transit);
				int rejected = current.rejectPending(packet.sender(),
						(request) -> new RequestRejectedError(request.action(), packet.sender()));
				logger.info("Node '{}' restarted (new instance){}.", packet.sender(),
						(rejected > 0) ? "; " + rejected + " pending request(s) to the old instance rejected" : "");
			}
			ServiceBroker.this.registry.processNodeInfo(packet);
		}

		@Override
		public void onHeartbeat(HeartbeatPacket packet) {
			if (ServiceBroker.this.registry.heartbeat(packet.sender(), packet.cpu(), packet.seq(), packet.instanceID())) {
				Objects.requireNonNull(ServiceBroker.this.transit).discover(packet.sender());
			}
		}

		@Override
		public void onDisconnect(DisconnectPacket packet) {
			ServiceBroker.this.registry.nodeDisconnected(packet.sender(), false);
		}

		@Override
		public void onPong(PongPacket packet, long elapsedMillis, long timeDiffMillis) {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("nodeID", packet.sender());
			payload.put("elapsedTime", elapsedMillis);
			payload.put("timeDiff", timeDiffMillis);
			payload.put("id", packet.id());
			broadcastLocal("$node.pong", payload);
		}

		@Override
		public InfoPacket localInfo(String ver) {
			return ServiceBroker.this.localInfo(ver);
		}

		@Override
		public void onConnected(boolean reconnected) {
			updateLocalNode();
			if (reconnected && ServiceBroker.this.state.get() == State.STARTED && ServiceBroker.this.discoverer != null) {
				// Nothing could be heard while this node was cut off: give every peer a fresh start.
				// As of the moment of reconnection, not later: requests sent from then on to a peer that is still
				// away are the ones onPeerConnected fails when it comes back.
				ServiceBroker.this.registry.touchAll(Objects.requireNonNull(ServiceBroker.this.transit).connectedAtMillis());
				ServiceBroker.this.discoverer.start();
			}
			broadcastLocal("$transporter.connected", Map.of("wasReconnect", reconnected));
		}

		@Override
		public void onDisconnected() {
			if (ServiceBroker.this.discoverer != null) {
				ServiceBroker.this.discoverer.stop();
			}
			broadcastLocal("$transporter.disconnected", Map.of("graceFul", false));
		}

		@Override
		public void onActivity(String nodeID) {
			ServiceBroker.this.registry.touch(nodeID);
		}

		@Override
		public void onPeerConnected(String nodeID) {
			// A known node announcing a (re)connection was away: NATS dropped what was sent to it since it
			// was last heard from. Fail those requests now (retryable) rather than at their timeout.
			Node node = ServiceBroker.this.registry.getNode(nodeID);
			Transit current = ServiceBroker.this.transit;
			if (node != null && node.isAvailable() && !node.isLocal() && current != null) {
				int rejected = current.rejectPendingSince(nodeID, node.lastHeartbeatMillis(),
						(request) -> new RequestRejectedError(request.action(), nodeID));
				if (rejected > 0) {
					logger.warn("Node '{}' reconnected to the transporter; {} request(s) sent to it since it was last "
							+ "heard from were lost in transit and are rejected.", nodeID, rejected);
				}
			}
		}

		@Override
		public void onNodeGone(String nodeID) {
			Node node = ServiceBroker.this.registry.getNode(nodeID);
			if (node != null && node.isAvailable()) {
				logger.warn("Node '{}' has no subscription on the transporter any more (its process is gone).", nodeID);
				ServiceBroker.this.registry.nodeDisconnected(nodeID, true);
			}
		}

	}

}
