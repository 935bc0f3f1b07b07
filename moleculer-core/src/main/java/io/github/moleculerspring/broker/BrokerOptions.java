package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.github.moleculerspring.fault.BulkheadOptions;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.strategy.CpuUsageStrategy;
import io.github.moleculerspring.strategy.LatencyStrategy;
import io.github.moleculerspring.strategy.RandomStrategy;
import io.github.moleculerspring.strategy.RoundRobinStrategy;
import io.github.moleculerspring.strategy.ShardStrategy;
import io.github.moleculerspring.strategy.StrategyFactory;
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

	private final String namespace;

	private final @Nullable String nodeID;

	private final @Nullable Transporter transporter;

	private final Duration requestTimeout;

	private final int maxCallLevel;

	private final Duration heartbeatInterval;

	private final Duration heartbeatTimeout;

	private final Duration cleanOfflineNodesTimeout;

	private final boolean disableBalancer;

	private final boolean preferLocal;

	private final String strategy;

	private final Map<String, Object> strategyOptions;

	private final Map<String, StrategyFactory> strategies;

	private final @Nullable ProtocolVersion protocolVersion;

	private final @Nullable Executor executor;

	private final int workerThreads;

	private final boolean virtualThreads;

	private final int maxQueueSize;

	private final int maxPendingRequests;

	private final JsonMapper mapper;

	private final List<Middleware> middlewares;

	private final Map<String, Object> metadata;

	private final boolean internalServices;

	private final Duration stopDelay;

	private final Duration discoveryWait;

	private final Duration serviceChangedDebounce;

	private final Duration shutdownTimeout;

	private final boolean errorStackTraces;

	private final boolean errorExceptionNames;

	private final CircuitBreakerOptions circuitBreaker;

	private final RetryPolicy retryPolicy;

	private final BulkheadOptions bulkhead;

	private final @Nullable MeterRegistry meterRegistry;

	private final @Nullable ObservationRegistry observationRegistry;

	private final boolean logContext;

	private BrokerOptions(Builder builder) {
		this.namespace = builder.namespace;
		this.nodeID = builder.nodeID;
		this.transporter = builder.transporter;
		this.requestTimeout = builder.requestTimeout;
		this.maxCallLevel = builder.maxCallLevel;
		this.heartbeatInterval = builder.heartbeatInterval;
		this.heartbeatTimeout = builder.heartbeatTimeout;
		this.cleanOfflineNodesTimeout = builder.cleanOfflineNodesTimeout;
		this.disableBalancer = builder.disableBalancer;
		this.preferLocal = builder.preferLocal;
		this.strategy = builder.strategy;
		this.strategyOptions = Map.copyOf(builder.strategyOptions);
		this.strategies = Map.copyOf(builder.strategies);
		this.protocolVersion = builder.protocolVersion;
		this.executor = builder.executor;
		this.workerThreads = builder.workerThreads;
		this.virtualThreads = builder.virtualThreads;
		this.maxQueueSize = builder.maxQueueSize;
		this.maxPendingRequests = builder.maxPendingRequests;
		this.mapper = builder.mapper;
		this.middlewares = List.copyOf(builder.middlewares);
		this.metadata = Map.copyOf(builder.metadata);
		this.internalServices = builder.internalServices;
		this.stopDelay = builder.stopDelay;
		this.discoveryWait = builder.discoveryWait;
		this.serviceChangedDebounce = builder.serviceChangedDebounce;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.errorStackTraces = builder.errorStackTraces;
		this.errorExceptionNames = builder.errorExceptionNames;
		this.circuitBreaker = builder.circuitBreaker;
		this.retryPolicy = builder.retryPolicy;
		this.bulkhead = builder.bulkhead;
		this.meterRegistry = builder.meterRegistry;
		this.observationRegistry = builder.observationRegistry;
		this.logContext = builder.logContext;
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
		return this.namespace;
	}

	/** The node ID, or {@code null} for {@code <hostname>-<pid>}. */
	public @Nullable String nodeID() {
		return this.nodeID;
	}

	/** The transporter, or {@code null} for a broker that only runs its own services. */
	public @Nullable Transporter transporter() {
		return this.transporter;
	}

	/** Default timeout of calls; zero means none (Moleculer's default). */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/** Maximum depth of call chains; 0 means no limit. */
	public int maxCallLevel() {
		return this.maxCallLevel;
	}

	public Duration heartbeatInterval() {
		return this.heartbeatInterval;
	}

	public Duration heartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	/** How long an offline node stays in the registry. */
	public Duration cleanOfflineNodesTimeout() {
		return this.cleanOfflineNodesTimeout;
	}

	/** Whether NATS queue groups balance requests and events instead of the built-in balancer. */
	public boolean disableBalancer() {
		return this.disableBalancer;
	}

	public boolean preferLocal() {
		return this.preferLocal;
	}

	/** The name of the default strategy ({@code RoundRobin}). */
	public String strategy() {
		return this.strategy;
	}

	/** Options of the default strategy. */
	public Map<String, Object> strategyOptions() {
		return this.strategyOptions;
	}

	/**
	 * The strategies by name: the built-in {@code RoundRobin}, {@code Random}, {@code CpuUsage},
	 * {@code Latency} and {@code Shard}, plus any registered. Actions may name one in their
	 * {@code strategy} property.
	 */
	public Map<String, StrategyFactory> strategies() {
		return this.strategies;
	}

	/** The protocol version, or {@code null} for {@code auto}. */
	public @Nullable ProtocolVersion protocolVersion() {
		return this.protocolVersion;
	}

	/** The executor for handlers, or {@code null} for the broker's own pool. */
	public @Nullable Executor executor() {
		return this.executor;
	}

	/** Threads of the broker's own pool. */
	public int workerThreads() {
		return this.workerThreads;
	}

	/** Whether the broker's own executor uses virtual threads (Java 21+). */
	public boolean virtualThreads() {
		return this.virtualThreads;
	}

	/** Incoming requests that may wait for a worker before new ones get {@code QueueIsFullError}. */
	public int maxQueueSize() {
		return this.maxQueueSize;
	}

	/** Outgoing requests that may await a response before new ones get {@code QueueIsFullError}. */
	public int maxPendingRequests() {
		return this.maxPendingRequests;
	}

	public JsonMapper mapper() {
		return this.mapper;
	}

	/** User middlewares, outermost last. */
	public List<Middleware> middlewares() {
		return this.middlewares;
	}

	/** Node metadata published in INFO. */
	public Map<String, Object> metadata() {
		return this.metadata;
	}

	/** Whether the {@code $node} service is registered. */
	public boolean internalServices() {
		return this.internalServices;
	}

	/** Delay between withdrawing services and stopping them, so peers stop sending. */
	public Duration stopDelay() {
		return this.stopDelay;
	}

	/** How long to wait for INFO answers after connecting, before announcing this node. */
	public Duration discoveryWait() {
		return this.discoveryWait;
	}

	/** Coalescing delay of INFO broadcasts after service changes while running. */
	public Duration serviceChangedDebounce() {
		return this.serviceChangedDebounce;
	}

	/** How long stop waits for in-flight requests. */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Whether error responses carry this node's stack traces, as Moleculer.js always sends. Off by
	 * default: a Java stack names the application's classes, methods and source lines; without it
	 * the {@code stack} field is only {@code "<name>: <message>"}.
	 */
	public boolean errorStackTraces() {
		return this.errorStackTraces;
	}

	/**
	 * Whether the error response for an exception that is not a {@code MoleculerError} names its Java
	 * class in {@code data.exception}. Off by default.
	 */
	public boolean errorExceptionNames() {
		return this.errorExceptionNames;
	}

	/** The circuit breaker defaults; actions may override them in their {@code circuitBreaker}. */
	public CircuitBreakerOptions circuitBreaker() {
		return this.circuitBreaker;
	}

	/** The retry policy defaults; actions may override them in their {@code retryPolicy}. */
	public RetryPolicy retryPolicy() {
		return this.retryPolicy;
	}

	/** The bulkhead defaults; actions and events may override them in their {@code bulkhead}. */
	public BulkheadOptions bulkhead() {
		return this.bulkhead;
	}

	/**
	 * Where calls and events are observed (traced), or {@code null} for none. Trace context travels
	 * in v5 headers and in Moleculer's {@code requestID}/{@code parentID}/{@code tracing} fields.
	 */
	public @Nullable ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	/** Where Moleculer's metrics are recorded, or {@code null} for none. */
	public @Nullable MeterRegistry meterRegistry() {
		return this.meterRegistry;
	}

	/**
	 * Whether {@code requestID}, {@code nodeID} and {@code action} (or {@code event}) are put in the
	 * logging MDC while handlers run.
	 */
	public boolean logContext() {
		return this.logContext;
	}

	/** Builds {@link BrokerOptions}. */
	public static final class Builder {

		private String namespace = "";

		private @Nullable String nodeID;

		private @Nullable Transporter transporter;

		private Duration requestTimeout = Duration.ZERO;

		private int maxCallLevel;

		private Duration heartbeatInterval = Duration.ofSeconds(10);

		private Duration heartbeatTimeout = Duration.ofSeconds(30);

		private Duration cleanOfflineNodesTimeout = Duration.ofMinutes(10);

		private boolean disableBalancer;

		private boolean preferLocal = true;

		private String strategy = "RoundRobin";

		private final Map<String, Object> strategyOptions = new LinkedHashMap<>();

		private final Map<String, StrategyFactory> strategies = new LinkedHashMap<>();

		private @Nullable ProtocolVersion protocolVersion = ProtocolVersion.V5;

		private @Nullable Executor executor;

		private int workerThreads = Math.max(16, Runtime.getRuntime().availableProcessors() * 8);

		private boolean virtualThreads;

		private int maxQueueSize = 10_000;

		private int maxPendingRequests = 50_000;

		private JsonMapper mapper = defaultMapper();

		private final List<Middleware> middlewares = new ArrayList<>();

		private final Map<String, Object> metadata = new LinkedHashMap<>();

		private boolean internalServices = true;

		private Duration stopDelay = Duration.ofMillis(100);

		private Duration discoveryWait = Duration.ofMillis(500);

		private Duration serviceChangedDebounce = Duration.ofMillis(200);

		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private boolean errorStackTraces;

		private boolean errorExceptionNames;

		private CircuitBreakerOptions circuitBreaker = CircuitBreakerOptions.defaults();

		private RetryPolicy retryPolicy = RetryPolicy.defaults();

		private BulkheadOptions bulkhead = BulkheadOptions.defaults();

		private @Nullable MeterRegistry meterRegistry;

		private @Nullable ObservationRegistry observationRegistry;

		private boolean logContext = true;

		private Builder() {
			this.strategies.put("RoundRobin", (options, host) -> new RoundRobinStrategy());
			this.strategies.put("Random", (options, host) -> new RandomStrategy());
			this.strategies.put("CpuUsage", (options, host) -> new CpuUsageStrategy(options));
			this.strategies.put("Latency", LatencyStrategy::new);
			this.strategies.put("Shard", (options, host) -> new ShardStrategy(options));
		}

		public Builder namespace(@Nullable String namespace) {
			this.namespace = (namespace != null) ? namespace : "";
			return this;
		}

		public Builder nodeID(@Nullable String nodeID) {
			this.nodeID = (nodeID == null || nodeID.isBlank()) ? null : nodeID;
			return this;
		}

		public Builder transporter(@Nullable Transporter transporter) {
			this.transporter = transporter;
			return this;
		}

		/**
		 * Sets the default call timeout.
		 * @param requestTimeout the timeout; zero means none
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = notNegative(requestTimeout, "requestTimeout", " (0 means no timeout)");
			return this;
		}

		/**
		 * Sets the maximum depth of call chains.
		 * @param maxCallLevel the depth; zero means no limit
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder maxCallLevel(int maxCallLevel) {
			if (maxCallLevel < 0) {
				throw new IllegalArgumentException(
						"maxCallLevel must not be negative (0 means no limit), not " + maxCallLevel);
			}
			this.maxCallLevel = maxCallLevel;
			return this;
		}

		/**
		 * Sets the interval of the heartbeats this node sends.
		 * @param heartbeatInterval the interval; zero turns heartbeats off, as in Moleculer
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder heartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = notNegative(heartbeatInterval, "heartbeatInterval", " (0 turns heartbeats off)");
			return this;
		}

		/**
		 * Sets the time without a sign of life after which a remote node is offline.
		 * @param heartbeatTimeout the timeout; zero turns the check off
		 * @return this builder
		 * @throws IllegalArgumentException if it is negative
		 */
		public Builder heartbeatTimeout(Duration heartbeatTimeout) {
			this.heartbeatTimeout = notNegative(heartbeatTimeout, "heartbeatTimeout", " (0 turns the check off)");
			return this;
		}

		public Builder cleanOfflineNodesTimeout(Duration timeout) {
			this.cleanOfflineNodesTimeout = Objects.requireNonNull(timeout);
			return this;
		}

		public Builder disableBalancer(boolean disableBalancer) {
			this.disableBalancer = disableBalancer;
			return this;
		}

		public Builder preferLocal(boolean preferLocal) {
			this.preferLocal = preferLocal;
			return this;
		}

		/**
		 * Selects the default strategy by name.
		 * @param name {@code RoundRobin}, {@code Random}, {@code CpuUsage}, {@code Latency},
		 * {@code Shard} or a registered name
		 * @return this builder
		 */
		public Builder strategy(String name) {
			this.strategy = Objects.requireNonNull(name);
			return this;
		}

		/**
		 * Sets the options of the default strategy (Moleculer's {@code strategyOptions}).
		 * @param options the options
		 * @return this builder
		 */
		public Builder strategyOptions(Map<String, ?> options) {
			this.strategyOptions.clear();
			this.strategyOptions.putAll(options);
			return this;
		}

		/**
		 * Registers a strategy under a name that the registry or actions may select.
		 * @param name the name
		 * @param strategy the factory
		 * @return this builder
		 */
		public Builder strategy(String name, StrategyFactory strategy) {
			this.strategies.put(name, Objects.requireNonNull(strategy));
			return this;
		}

		/**
		 * Sets the protocol version.
		 * @param protocolVersion the version, or {@code null} for {@code auto}
		 * @return this builder
		 */
		public Builder protocolVersion(@Nullable ProtocolVersion protocolVersion) {
			this.protocolVersion = protocolVersion;
			return this;
		}

		/**
		 * Sets the executor that runs handlers and packet processing. The broker never shuts down an
		 * executor it did not create.
		 * @param executor the executor, or {@code null} for the broker's own pool
		 * @return this builder
		 */
		public Builder executor(@Nullable Executor executor) {
			this.executor = executor;
			return this;
		}

		public Builder workerThreads(int workerThreads) {
			if (workerThreads < 1) {
				throw new IllegalArgumentException("workerThreads must be at least 1, not " + workerThreads);
			}
			this.workerThreads = workerThreads;
			return this;
		}

		public Builder virtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
			return this;
		}

		/**
		 * Sets how many incoming requests may wait for a worker.
		 * @param maxQueueSize the bound, at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if it is below 1
		 */
		public Builder maxQueueSize(int maxQueueSize) {
			if (maxQueueSize < 1) {
				throw new IllegalArgumentException("maxQueueSize must be at least 1, not " + maxQueueSize);
			}
			this.maxQueueSize = maxQueueSize;
			return this;
		}

		/**
		 * Sets how many outgoing requests may await a response.
		 * @param maxPendingRequests the bound, at least 1
		 * @return this builder
		 * @throws IllegalArgumentException if it is below 1
		 */
		public Builder maxPendingRequests(int maxPendingRequests) {
			if (maxPendingRequests < 1) {
				throw new IllegalArgumentException("maxPendingRequests must be at least 1, not " + maxPendingRequests);
			}
			this.maxPendingRequests = maxPendingRequests;
			return this;
		}

		public Builder mapper(JsonMapper mapper) {
			this.mapper = Objects.requireNonNull(mapper);
			return this;
		}

		public Builder middleware(Middleware middleware) {
			this.middlewares.add(Objects.requireNonNull(middleware));
			return this;
		}

		public Builder metadata(Map<String, ?> metadata) {
			this.metadata.putAll(metadata);
			return this;
		}

		public Builder internalServices(boolean internalServices) {
			this.internalServices = internalServices;
			return this;
		}

		public Builder stopDelay(Duration stopDelay) {
			this.stopDelay = Objects.requireNonNull(stopDelay);
			return this;
		}

		public Builder discoveryWait(Duration discoveryWait) {
			this.discoveryWait = Objects.requireNonNull(discoveryWait);
			return this;
		}

		public Builder serviceChangedDebounce(Duration debounce) {
			this.serviceChangedDebounce = Objects.requireNonNull(debounce);
			return this;
		}

		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout);
			return this;
		}

		/**
		 * Sets whether error responses carry stack traces (off by default).
		 * @param errorStackTraces whether to send stack traces
		 * @return this builder
		 * @see BrokerOptions#errorStackTraces()
		 */
		public Builder errorStackTraces(boolean errorStackTraces) {
			this.errorStackTraces = errorStackTraces;
			return this;
		}

		/**
		 * Sets whether error responses name the Java class of unexpected exceptions (off by default).
		 * @param errorExceptionNames whether to send the class names
		 * @return this builder
		 * @see BrokerOptions#errorExceptionNames()
		 */
		public Builder errorExceptionNames(boolean errorExceptionNames) {
			this.errorExceptionNames = errorExceptionNames;
			return this;
		}

		public Builder circuitBreaker(CircuitBreakerOptions circuitBreaker) {
			this.circuitBreaker = Objects.requireNonNull(circuitBreaker);
			return this;
		}

		public Builder retryPolicy(RetryPolicy retryPolicy) {
			this.retryPolicy = Objects.requireNonNull(retryPolicy);
			return this;
		}

		public Builder bulkhead(BulkheadOptions bulkhead) {
			this.bulkhead = Objects.requireNonNull(bulkhead);
			return this;
		}

		/**
		 * Records Moleculer's metrics in a Micrometer registry.
		 * @param meterRegistry the registry, or {@code null} for no metrics
		 * @return this builder
		 */
		public Builder meterRegistry(@Nullable MeterRegistry meterRegistry) {
			this.meterRegistry = meterRegistry;
			return this;
		}

		/**
		 * Observes (traces) calls and events with Micrometer Observation.
		 * @param observationRegistry the registry, or {@code null} for none
		 * @return this builder
		 */
		public Builder observationRegistry(@Nullable ObservationRegistry observationRegistry) {
			this.observationRegistry = observationRegistry;
			return this;
		}

		public Builder logContext(boolean logContext) {
			this.logContext = logContext;
			return this;
		}

		private static Duration notNegative(Duration duration, String name, String meaningOfZero) {
			if (Objects.requireNonNull(duration, name).isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative" + meaningOfZero + ", not " + duration);
			}
			return duration;
		}

		public BrokerOptions build() {
			if (!this.strategies.containsKey(this.strategy)) {
				throw new IllegalArgumentException("Unknown strategy '" + this.strategy + "'; known: "
						+ this.strategies.keySet());
			}
			if (!this.heartbeatTimeout.isZero() && !this.heartbeatInterval.isZero()
					&& this.heartbeatTimeout.compareTo(this.heartbeatInterval) <= 0) {
				throw new IllegalArgumentException("heartbeatTimeout (" + this.heartbeatTimeout
						+ ") must be longer than heartbeatInterval (" + this.heartbeatInterval + ")");
			}
			return new BrokerOptions(this);
		}

	}

}
