package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.strategy.StrategyFactory;
import io.github.moleculerspring.transport.PollerSettings;
import io.github.moleculerspring.transport.Transporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Options of a {@link ServiceBroker}. Defaults follow Moleculer.js 0.15's code: no request
 * timeout, no call-level limit, heartbeat every 10 s with a 30 s timeout, built-in balancer with
 * RoundRobin and {@code preferLocal}, 100 ms stop delay.
 */
public final class BrokerOptions {

	private final BrokerOptionValues values;

	private BrokerOptions(BrokerOptionValues values) {
		this.values = values;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The default JSON mapper: lenient about unknown properties, as Moleculer's validators are. */
	public static JsonMapper defaultMapper() {
		return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/** The namespace; nodes in different namespaces never see each other. Empty by default. */
	public String namespace() {
		return this.values.namespace;
	}

	/** The node ID, or {@code null} for {@code <hostname>-<pid>}. */
	public @Nullable String nodeID() {
		return this.values.nodeID;
	}

	/** The transporter, or {@code null} for a broker that only runs its own services. */
	public @Nullable Transporter transporter() {
		return this.values.transporter;
	}

	/** Default timeout of calls; zero means none (Moleculer's default). */
	public Duration requestTimeout() {
		return this.values.requestTimeout;
	}

	/** Maximum depth of call chains; 0 means no limit. */
	public int maxCallLevel() {
		return this.values.maxCallLevel;
	}

	public Duration heartbeatInterval() {
		return this.values.heartbeatInterval;
	}

	public Duration heartbeatTimeout() {
		return this.values.heartbeatTimeout;
	}

	/** How long an offline node stays in the registry. */
	public Duration cleanOfflineNodesTimeout() {
		return this.values.cleanOfflineNodesTimeout;
	}

	/** Whether NATS queue groups balance requests and events instead of the built-in balancer. */
	public boolean disableBalancer() {
		return this.values.disableBalancer;
	}

	public boolean preferLocal() {
		return this.values.preferLocal;
	}

	/** The name of the default strategy ({@code RoundRobin}). */
	public String strategy() {
		return this.values.strategy;
	}

	/** Options of the default strategy. */
	public Map<String, Object> strategyOptions() {
		return this.values.strategyOptions;
	}

	/**
	 * The strategies by name: the built-in {@code RoundRobin}, {@code Random}, {@code CpuUsage},
	 * {@code Latency} and {@code Shard}, plus any registered. Actions may name one in their
	 * {@code strategy} property.
	 */
	public Map<String, StrategyFactory> strategies() {
		return this.values.strategies;
	}

	/**
	 * The strategy registered under a name, for a registry or an action that names one.
	 * @param name the name
	 * @return its factory
	 * @throws io.github.moleculerspring.strategy.UnknownStrategyException when no strategy has
	 * that name
	 */
	public StrategyFactory strategyFactory(String name) {
		return BrokerOptionChecks.strategy(this.values, name);
	}

	/** The protocol version, or {@code null} for {@code auto}. */
	public @Nullable ProtocolVersion protocolVersion() {
		return this.values.protocolVersion;
	}

	/** The executor for handlers, or {@code null} for the broker's own pool. */
	public @Nullable Executor executor() {
		return this.values.executor;
	}

	/** Threads of the broker's own pool. */
	public int workerThreads() {
		return this.values.workerThreads;
	}

	/** Whether the broker's own executor uses virtual threads (Java 21+). */
	public boolean virtualThreads() {
		return this.values.virtualThreads;
	}

	/**
	 * Incoming requests that may wait for a worker before new ones get {@code QueueIsFullError}
	 * (10,000). Not Moleculer's {@code maxQueueSize}: that is {@link #transitMaxQueueSize()}.
	 */
	public int incomingQueueSize() {
		return this.values.incomingQueueSize;
	}

	/**
	 * Events that may wait for a worker (10,000): an event from another node beyond it is dropped,
	 * counted and logged (events have no reply to carry an error), a local emit's future fails with
	 * {@code QueueIsFullError}. Moleculer.js has no such queue; this broker's workers are threads.
	 */
	public int incomingEventQueueSize() {
		return this.values.incomingEventQueueSize;
	}

	/**
	 * How the node reads its own request, response and event subjects ({@link PollerSettings}: on,
	 * a poller counts as blocked after 5 ms, at most 4 spares).
	 */
	public PollerSettings pollers() {
		return this.values.pollers;
	}

	/**
	 * Outgoing requests that may await a response before new calls get {@code QueueIsFullError}
	 * (50,000): Moleculer's {@code transit.maxQueueSize}.
	 */
	public int transitMaxQueueSize() {
		return this.values.transitMaxQueueSize;
	}

	public JsonMapper mapper() {
		return this.values.mapper;
	}

	/** User middlewares, outermost last. */
	public List<Middleware> middlewares() {
		return this.values.middlewares;
	}

	/** Node metadata published in INFO. */
	public Map<String, Object> metadata() {
		return this.values.metadata;
	}

	/** Whether the {@code $node} service is registered. */
	public boolean internalServices() {
		return this.values.internalServices;
	}

	/** Delay between withdrawing services and stopping them, so peers stop sending. */
	public Duration stopDelay() {
		return this.values.stopDelay;
	}

	/** How long to wait for INFO answers after connecting, before announcing this node. */
	public Duration discoveryWait() {
		return this.values.discoveryWait;
	}

	/** Coalescing delay of INFO broadcasts after service changes while running. */
	public Duration serviceChangedDebounce() {
		return this.values.serviceChangedDebounce;
	}

	/** How long stop waits for in-flight requests. */
	public Duration shutdownTimeout() {
		return this.values.shutdownTimeout;
	}

	/**
	 * Whether error responses carry this node's stack traces, as Moleculer.js always sends. Off by
	 * default: a Java stack names the application's classes, methods and source lines; without it
	 * the {@code stack} field is only {@code "<name>: <message>"}.
	 */
	public boolean errorStackTraces() {
		return this.values.errorStackTraces;
	}

	/**
	 * Whether the error response for an exception that is not a {@code MoleculerError} names its Java
	 * class in {@code data.exception}. Off by default.
	 */
	public boolean errorExceptionNames() {
		return this.values.errorExceptionNames;
	}

	/** The circuit breaker defaults; actions may override them in their {@code circuitBreaker}. */
	public CircuitBreakerOptions circuitBreaker() {
		return this.values.circuitBreaker;
	}

	/** The retry policy defaults; actions may override them in their {@code retryPolicy}. */
	public RetryPolicy retryPolicy() {
		return this.values.retryPolicy;
	}

	/** The bulkhead defaults; actions and events may override them in their {@code bulkhead}. */
	public BulkheadOptions bulkhead() {
		return this.values.bulkhead;
	}

	/**
	 * Where calls and events are observed (traced), or {@code null} for none. Trace context travels
	 * in v5 headers and in Moleculer's {@code requestID}/{@code parentID}/{@code tracing} fields.
	 */
	public @Nullable ObservationRegistry observationRegistry() {
		return this.values.observationRegistry;
	}

	/** Where Moleculer's metrics are recorded, or {@code null} for none. */
	public @Nullable MeterRegistry meterRegistry() {
		return this.values.meterRegistry;
	}

	/**
	 * Whether {@code requestID}, {@code nodeID} and {@code action} (or {@code event}) are put in the
	 * logging MDC while handlers run.
	 */
	public boolean logContext() {
		return this.values.logContext;
	}

	/** Builds {@link BrokerOptions}. */
	public static final class Builder {

		private final BrokerOptionValues values = BrokerOptionValues.defaults();

		private Builder() {
		}

		public Builder namespace(@Nullable String namespace) {
			this.values.namespace = (namespace != null) ? namespace : "";
			return this;
		}

		public Builder nodeID(@Nullable String nodeID) {
			this.values.nodeID = (nodeID == null || nodeID.isBlank()) ? null : nodeID;
			return this;
		}

		public Builder transporter(@Nullable Transporter transporter) {
			this.values.transporter = transporter;
			return this;
		}

		/**
		 * Sets the default call timeout.
		 * @param requestTimeout the timeout; zero means none
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.values.requestTimeout = BrokerOptionChecks.notNegative(requestTimeout, "requestTimeout",
					" (0 means no timeout)");
			return this;
		}

		/**
		 * Sets the maximum depth of call chains.
		 * @param maxCallLevel the depth; zero means no limit
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder maxCallLevel(int maxCallLevel) {
			this.values.maxCallLevel = BrokerOptionChecks.notNegative(maxCallLevel, "maxCallLevel",
					" (0 means no limit)");
			return this;
		}

		/**
		 * Sets the interval of the heartbeats this node sends.
		 * @param heartbeatInterval the interval; zero turns heartbeats off, as in Moleculer
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.values.heartbeatInterval = BrokerOptionChecks.notNegative(heartbeatInterval, "heartbeatInterval",
					" (0 turns heartbeats off)");
			return this;
		}

		/**
		 * Sets the time without a sign of life after which a remote node is offline.
		 * @param heartbeatTimeout the timeout; zero turns the check off
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder heartbeatTimeout(Duration heartbeatTimeout) {
			this.values.heartbeatTimeout = BrokerOptionChecks.notNegative(heartbeatTimeout, "heartbeatTimeout",
					" (0 turns the check off)");
			return this;
		}

		public Builder cleanOfflineNodesTimeout(Duration timeout) {
			this.values.cleanOfflineNodesTimeout = Objects.requireNonNull(timeout);
			return this;
		}

		public Builder disableBalancer(boolean disableBalancer) {
			this.values.disableBalancer = disableBalancer;
			return this;
		}

		public Builder preferLocal(boolean preferLocal) {
			this.values.preferLocal = preferLocal;
			return this;
		}

		/**
		 * Selects the default strategy by name.
		 * @param name {@code RoundRobin}, {@code Random}, {@code CpuUsage}, {@code Latency},
		 * {@code Shard} or a registered name
		 * @return this builder
		 */
		public Builder strategy(String name) {
			this.values.strategy = Objects.requireNonNull(name);
			return this;
		}

		/**
		 * Sets the options of the default strategy (Moleculer's {@code strategyOptions}).
		 * @param options the options
		 * @return this builder
		 */
		public Builder strategyOptions(Map<String, ?> options) {
			this.values.strategyOptions.clear();
			this.values.strategyOptions.putAll(options);
			return this;
		}

		/**
		 * Registers a strategy under a name that the registry or actions may select.
		 * @param name the name
		 * @param strategy the factory
		 * @return this builder
		 */
		public Builder strategy(String name, StrategyFactory strategy) {
			this.values.strategies.put(name, Objects.requireNonNull(strategy));
			return this;
		}

		/**
		 * Sets the protocol version.
		 * @param protocolVersion the version, or {@code null} for {@code auto}
		 * @return this builder
		 */
		public Builder protocolVersion(@Nullable ProtocolVersion protocolVersion) {
			this.values.protocolVersion = protocolVersion;
			return this;
		}

		/**
		 * Sets the executor that runs handlers and packet processing. The broker never shuts down an
		 * executor it did not create.
		 * @param executor the executor, or {@code null} for the broker's own pool
		 * @return this builder
		 */
		public Builder executor(@Nullable Executor executor) {
			this.values.executor = executor;
			return this;
		}

		public Builder workerThreads(int workerThreads) {
			this.values.workerThreads = BrokerOptionChecks.atLeastOne(workerThreads, "workerThreads");
			return this;
		}

		public Builder virtualThreads(boolean virtualThreads) {
			this.values.virtualThreads = virtualThreads;
			return this;
		}

		/**
		 * Sets how many incoming requests may wait for a worker before new ones are answered with
		 * {@code QueueIsFullError}. Moleculer.js has no such queue; this broker's workers are threads.
		 * @param incomingQueueSize the bound, at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if it is below 1
		 */
		public Builder incomingQueueSize(int incomingQueueSize) {
			this.values.incomingQueueSize = BrokerOptionChecks.atLeastOne(incomingQueueSize, "incomingQueueSize");
			return this;
		}

		/**
		 * Sets how many events may wait for a worker; see {@link BrokerOptions#incomingEventQueueSize()}.
		 * @param incomingEventQueueSize the bound, at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if it is below 1
		 */
		public Builder incomingEventQueueSize(int incomingEventQueueSize) {
			this.values.incomingEventQueueSize = BrokerOptionChecks.atLeastOne(incomingEventQueueSize,
					"incomingEventQueueSize");
			return this;
		}

		/**
		 * Sets how the node reads its own subjects; see {@link BrokerOptions#pollers()}.
		 * @param pollers the settings
		 * @return this builder
		 */
		public Builder pollers(PollerSettings pollers) {
			this.values.pollers = Objects.requireNonNull(pollers, "pollers");
			return this;
		}

		/**
		 * Sets how many outgoing requests may await a response before new calls fail with
		 * {@code QueueIsFullError}: Moleculer's {@code transit.maxQueueSize}.
		 * @param transitMaxQueueSize the bound, at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if it is below 1
		 */
		public Builder transitMaxQueueSize(int transitMaxQueueSize) {
			this.values.transitMaxQueueSize = BrokerOptionChecks.atLeastOne(transitMaxQueueSize, "transitMaxQueueSize");
			return this;
		}

		public Builder mapper(JsonMapper mapper) {
			this.values.mapper = Objects.requireNonNull(mapper);
			return this;
		}

		public Builder middleware(Middleware middleware) {
			this.values.middlewares.add(Objects.requireNonNull(middleware));
			return this;
		}

		public Builder metadata(Map<String, ?> metadata) {
			this.values.metadata.putAll(metadata);
			return this;
		}

		public Builder internalServices(boolean internalServices) {
			this.values.internalServices = internalServices;
			return this;
		}

		public Builder stopDelay(Duration stopDelay) {
			this.values.stopDelay = Objects.requireNonNull(stopDelay);
			return this;
		}

		public Builder discoveryWait(Duration discoveryWait) {
			this.values.discoveryWait = Objects.requireNonNull(discoveryWait);
			return this;
		}

		public Builder serviceChangedDebounce(Duration debounce) {
			this.values.serviceChangedDebounce = Objects.requireNonNull(debounce);
			return this;
		}

		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.values.shutdownTimeout = Objects.requireNonNull(shutdownTimeout);
			return this;
		}

		/**
		 * Sets whether error responses carry stack traces (off by default).
		 * @param errorStackTraces whether to send stack traces
		 * @return this builder
		 * @see BrokerOptions#errorStackTraces()
		 */
		public Builder errorStackTraces(boolean errorStackTraces) {
			this.values.errorStackTraces = errorStackTraces;
			return this;
		}

		/**
		 * Sets whether error responses name the Java class of unexpected exceptions (off by default).
		 * @param errorExceptionNames whether to send the class names
		 * @return this builder
		 * @see BrokerOptions#errorExceptionNames()
		 */
		public Builder errorExceptionNames(boolean errorExceptionNames) {
			this.values.errorExceptionNames = errorExceptionNames;
			return this;
		}

		public Builder circuitBreaker(CircuitBreakerOptions circuitBreaker) {
			this.values.circuitBreaker = Objects.requireNonNull(circuitBreaker);
			return this;
		}

		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.values.retryPolicy = Objects.requireNonNull(retryPolicy);
			return this;
		}

		public Builder bulkhead(BulkheadOptions bulkhead) {
			this.values.bulkhead = Objects.requireNonNull(bulkhead);
			return this;
		}

		/**
		 * Records Moleculer's metrics in a Micrometer registry.
		 * @param meterRegistry the registry, or {@code null} for no metrics
		 * @return this builder
		 */
		public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
			this.values.meterRegistry = meterRegistry;
			return this;
		}

		/**
		 * Observes (traces) calls and events with Micrometer Observation.
		 * @param observationRegistry the registry, or {@code null} for none
		 * @return this builder
		 */
		public Builder observationRegistry(@Nullable ObservationRegistry observationRegistry) {
			this.values.observationRegistry = observationRegistry;
			return this;
		}

		public Builder logContext(boolean logContext) {
			this.values.logContext = logContext;
			return this;
		}

		public BrokerOptions build() {
			BrokerOptionChecks.consistent(this.values);
			return new BrokerOptions(this.values.frozen());
		}

	}

}
