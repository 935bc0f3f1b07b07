package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import io.github.moleculerspring.transport.PollerSettings;
import io.github.moleculerspring.transport.Transporter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The values of one {@link BrokerOptions} with their defaults: the builder fills a mutable one,
 * {@link #frozen()} copies it for the options it builds, so the builder stays reusable.
 */
final class BrokerOptionValues {

	String namespace = "";

	@Nullable String nodeID;

	@Nullable Transporter transporter;

	Duration requestTimeout = Duration.ZERO;

	int maxCallLevel;

	Duration heartbeatInterval = Duration.ofSeconds(10);

	Duration heartbeatTimeout = Duration.ofSeconds(30);

	Duration cleanOfflineNodesTimeout = Duration.ofMinutes(10);

	boolean disableBalancer;

	boolean preferLocal = true;

	String strategy = "RoundRobin";

	Map<String, Object> strategyOptions = new LinkedHashMap<>();

	Map<String, StrategyFactory> strategies = new LinkedHashMap<>();

	@Nullable ProtocolVersion protocolVersion = ProtocolVersion.V5;

	@Nullable Executor executor;

	int workerThreads = Math.max(16, Runtime.getRuntime().availableProcessors() * 8);

	boolean virtualThreads;

	int incomingQueueSize = 10_000;

	int incomingEventQueueSize = 10_000;

	PollerSettings pollers = PollerSettings.DEFAULTS;

	int transitMaxQueueSize = 50_000;

	JsonMapper mapper = BrokerOptions.defaultMapper();

	List<Middleware> middlewares = new ArrayList<>();

	Map<String, Object> metadata = new LinkedHashMap<>();

	boolean internalServices = true;

	Duration stopDelay = Duration.ofMillis(100);

	Duration discoveryWait = Duration.ofMillis(500);

	Duration serviceChangedDebounce = Duration.ofMillis(200);

	Duration shutdownTimeout = Duration.ofSeconds(10);

	boolean errorStackTraces;

	boolean errorExceptionNames;

	CircuitBreakerOptions circuitBreaker = CircuitBreakerOptions.defaults();

	RetryPolicy retryPolicy = RetryPolicy.defaults();

	BulkheadOptions bulkhead = BulkheadOptions.defaults();

	@Nullable MeterRegistry meterRegistry;

	@Nullable ObservationRegistry observationRegistry;

	boolean logContext = true;

	/** Values with the defaults and the built-in strategies. */
	static BrokerOptionValues defaults() {
		BrokerOptionValues values = new BrokerOptionValues();
		values.strategies.put("RoundRobin", (options, host) -> new RoundRobinStrategy());
		values.strategies.put("Random", (options, host) -> new RandomStrategy());
		values.strategies.put("CpuUsage", (options, host) -> new CpuUsageStrategy(options));
		values.strategies.put("Latency", LatencyStrategy::new);
		values.strategies.put("Shard", (options, host) -> new ShardStrategy(options));
		return values;
	}

	/**
	 * A copy whose collections are immutable, for a built {@link BrokerOptions}; it is never written
	 * after this.
	 */
	BrokerOptionValues frozen() {
		BrokerOptionValues copy = new BrokerOptionValues();
		copy.namespace = this.namespace;
		copy.nodeID = this.nodeID;
		copy.transporter = this.transporter;
		copy.requestTimeout = this.requestTimeout;
		copy.maxCallLevel = this.maxCallLevel;
		copy.heartbeatInterval = this.heartbeatInterval;
		copy.heartbeatTimeout = this.heartbeatTimeout;
		copy.cleanOfflineNodesTimeout = this.cleanOfflineNodesTimeout;
		copy.disableBalancer = this.disableBalancer;
		copy.preferLocal = this.preferLocal;
		copy.strategy = this.strategy;
		copy.strategyOptions = Map.copyOf(this.strategyOptions);
		copy.strategies = Map.copyOf(this.strategies);
		copy.protocolVersion = this.protocolVersion;
		copy.executor = this.executor;
		copy.workerThreads = this.workerThreads;
		copy.virtualThreads = this.virtualThreads;
		copy.incomingQueueSize = this.incomingQueueSize;
		copy.incomingEventQueueSize = this.incomingEventQueueSize;
		copy.pollers = this.pollers;
		copy.transitMaxQueueSize = this.transitMaxQueueSize;
		copy.mapper = this.mapper;
		copy.middlewares = List.copyOf(this.middlewares);
		copy.metadata = Map.copyOf(this.metadata);
		copy.internalServices = this.internalServices;
		copy.stopDelay = this.stopDelay;
		copy.discoveryWait = this.discoveryWait;
		copy.serviceChangedDebounce = this.serviceChangedDebounce;
		copy.shutdownTimeout = this.shutdownTimeout;
		copy.errorStackTraces = this.errorStackTraces;
		copy.errorExceptionNames = this.errorExceptionNames;
		copy.circuitBreaker = this.circuitBreaker;
		copy.retryPolicy = this.retryPolicy;
		copy.bulkhead = this.bulkhead;
		copy.meterRegistry = this.meterRegistry;
		copy.observationRegistry = this.observationRegistry;
		copy.logContext = this.logContext;
		return copy;
	}

}
