package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.moleculerspring.annotation.support.ParamsCoercion;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of the Moleculer broker. Defaults are those of Moleculer.js 0.15, and
 * durations use Moleculer's units: {@code heartbeat-interval: 10} is 10 seconds,
 * {@code request-timeout: 5000} is 5 seconds. Each numeric and duration field carries its
 * accepted {@link Range}, checked when the properties are bound, and a key that matches no field
 * fails startup unless {@code fail-on-unknown-properties} is false.
 */
@ConfigurationProperties("moleculer")
public class MoleculerProperties {

	/**
	 * Namespace of the cluster. Nodes in different namespaces never see each other.
	 */
	private String namespace = "";

	/**
	 * ID of this node, unique in the cluster. Defaults to '<hostname>-<pid>'.
	 */
	private @Nullable String nodeId;

	/**
	 * Transporter URL. 'local' or 'local://<bus>' connects to an in-JVM bus shared by the brokers of
	 * this JVM. When not set, the broker has no transporter and calls only the services of this
	 * application.
	 */
	private @Nullable String transporter;

	/**
	 * Default timeout of calls, when neither the caller nor the action sets one. 0 means no
	 * timeout. If a duration suffix is not specified, milliseconds will be used.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	@Range(min = 0, note = "0 means no timeout")
	private Duration requestTimeout = Duration.ZERO;

	/**
	 * Maximum depth of call chains. 0 means no limit.
	 */
	@Range(min = 0, note = "0 means no limit")
	private int maxCallLevel;

	/**
	 * How long application startup waits for the broker to start (transporter connected, services
	 * announced) before it fails. 0 means wait as long as it takes, retrying the transporter as
	 * Moleculer does. If a duration suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	@Range(min = 0, note = "0 waits as long as it takes")
	private Duration startTimeout = Duration.ofSeconds(60);

	/**
	 * Interval between the heartbeats this node sends. If a duration suffix is not specified,
	 * seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	@Range(above = 0)
	private Duration heartbeatInterval = Duration.ofSeconds(10);

	/**
	 * Time without heartbeat after which a remote node is considered offline. If a duration suffix
	 * is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	@Range(above = 0, note = "longer than moleculer.heartbeat-interval")
	private Duration heartbeatTimeout = Duration.ofSeconds(30);

	/**
	 * Protocol version: 'auto' (starts on 5 and locks on to the version of the first Moleculer.js or
	 * pinned node it hears), '4' (Moleculer 0.14) or '5' (Moleculer 0.15).
	 */
	private String protocolVersion = "auto";

	/**
	 * Whether to disable the built-in balancer and let the transporter balance requests and events.
	 */
	private boolean disableBalancer;

	/**
	 * Whether an unknown 'moleculer.*' key (a typo, or a key of another version) fails startup.
	 * When false, each unknown key is only logged as a warning.
	 */
	private boolean failOnUnknownProperties = true;

	/**
	 * Metadata of this node, published to the other nodes.
	 */
	private Map<String, Object> metadata = new LinkedHashMap<>();

	private final Registry registry = new Registry();

	private final Executor executor = new Executor();

	private final Transit transit = new Transit();

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final RetryPolicy retryPolicy = new RetryPolicy();

	private final Bulkhead bulkhead = new Bulkhead();

	private final Errors errors = new Errors();

	private final Web web = new Web();

	private final Params params = new Params();

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	public void setNodeId(@Nullable String nodeId) {
		this.nodeId = nodeId;
	}

	public @Nullable String getTransporter() {
		return this.transporter;
	}

	public void setTransporter(@Nullable String transporter) {
		this.transporter = transporter;
	}

	public Duration getStartTimeout() {
		return this.startTimeout;
	}

	public void setStartTimeout(Duration startTimeout) {
		this.startTimeout = startTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public int getMaxCallLevel() {
		return this.maxCallLevel;
	}

	public void setMaxCallLevel(int maxCallLevel) {
		this.maxCallLevel = maxCallLevel;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public String getProtocolVersion() {
		return this.protocolVersion;
	}

	public void setProtocolVersion(String protocolVersion) {
		this.protocolVersion = protocolVersion;
	}

	public boolean isDisableBalancer() {
		return this.disableBalancer;
	}

	public void setDisableBalancer(boolean disableBalancer) {
		this.disableBalancer = disableBalancer;
	}

	public boolean isFailOnUnknownProperties() {
		return this.failOnUnknownProperties;
	}

	public void setFailOnUnknownProperties(boolean failOnUnknownProperties) {
		this.failOnUnknownProperties = failOnUnknownProperties;
	}

	public Map<String, Object> getMetadata() {
		return this.metadata;
	}

	public void setMetadata(Map<String, Object> metadata) {
		this.metadata = metadata;
	}

	public Registry getRegistry() {
		return this.registry;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Transit getTransit() {
		return this.transit;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public RetryPolicy getRetryPolicy() {
		return this.retryPolicy;
	}

	public Bulkhead getBulkhead() {
		return this.bulkhead;
	}

	public Errors getErrors() {
		return this.errors;
	}

	public Web getWeb() {
		return this.web;
	}

	public Params getParams() {
		return this.params;
	}

	/** Service registry settings. */
	public static class Registry {

		/**
		 * Whether to call a service of this node rather than a remote one when both exist.
		 */
		private boolean preferLocal = true;

		/**
		 * Strategy that balances calls and balanced events among the nodes of a service:
		 * 'RoundRobin', 'Random', 'CpuUsage', 'Latency', 'Shard', or the bean name of a
		 * StrategyFactory bean. Actions may choose their own with @Action(strategy).
		 */
		private String strategy = "RoundRobin";

		/**
		 * Options of the strategy, with Moleculer's names, such as 'shardKey' (or 'shard-key'),
		 * 'vnodes', 'ringSize' and 'cacheSize' for Shard, 'sampleCount' and 'lowCpuUsage' for
		 * CpuUsage, 'sampleCount', 'lowLatency', 'collectCount' and 'pingInterval' for Latency.
		 */
		private Map<String, Object> strategyOptions = new LinkedHashMap<>();

		public boolean isPreferLocal() {
			return this.preferLocal;
		}

		public void setPreferLocal(boolean preferLocal) {
			this.preferLocal = preferLocal;
		}

		public String getStrategy() {
			return this.strategy;
		}

		public void setStrategy(String strategy) {
			this.strategy = strategy;
		}

		public Map<String, Object> getStrategyOptions() {
			return this.strategyOptions;
		}

		public void setStrategyOptions(Map<String, Object> strategyOptions) {
			this.strategyOptions = strategyOptions;
		}

	}

	/** Settings of the executor that runs handlers. */
	public static class Executor {

		/**
		 * Number of threads of the broker's worker pool. Defaults to 8 per CPU, at least 16.
		 */
		@Range(min = 1)
		private @Nullable Integer threads;

		/**
		 * Whether handlers run on virtual threads (Java 21 or later). Defaults to the value of
		 * 'spring.threads.virtual.enabled'.
		 */
		private @Nullable Boolean virtualThreads;

		/**
		 * Maximum number of incoming requests that wait for a worker (not Moleculer's maxQueueSize,
		 * which is moleculer.transit.max-queue-size). Beyond it, callers get a QueueIsFullError.
		 */
		@Range(min = 1)
		private int queueSize = 10_000;

		/**
		 * Maximum number of events that wait for a worker. Beyond it, an event from another node is
		 * dropped, counted and logged (an event has no reply), and a local emit fails with a
		 * QueueIsFullError.
		 */
		@Range(min = 1)
		private int eventQueueSize = 10_000;

		private final Pollers pollers = new Pollers();

		public @Nullable Integer getThreads() {
			return this.threads;
		}

		public void setThreads(@Nullable Integer threads) {
			this.threads = threads;
		}

		public @Nullable Boolean getVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(@Nullable Boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public int getEventQueueSize() {
			return this.eventQueueSize;
		}

		public void setEventQueueSize(int eventQueueSize) {
			this.eventQueueSize = eventQueueSize;
		}

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

		public Pollers getPollers() {
			return this.pollers;
		}

		/**
		 * How the node reads its own request, response and event subjects: with a poller thread per
		 * subject, which completes responses and runs the handlers declared nonBlocking inline, or
		 * through the transporter's delivery thread, which hands every packet to a worker.
		 */
		public static class Pollers {

			/**
			 * Whether the node's own subjects are read by poller threads (when the transporter can
			 * pull; the local transporter cannot). When off, the transporter's delivery thread hands
			 * every packet to a worker.
			 */
			private boolean enabled = true;

			/**
			 * How long one packet may keep a poller busy before the poller counts as blocked: what it
			 * was running is then named in a warning and moved to the workers for good, and a spare
			 * poller takes over. 1ms to 60s. If a duration suffix is not specified, milliseconds will
			 * be used.
			 */
			@DurationUnit(ChronoUnit.MILLIS)
			@Range(min = 1, max = 60_000)
			private Duration blockedAfter = Duration.ofMillis(5);

			/**
			 * Maximum number of spare pollers that may replace blocked ones at once, 0 to 256.
			 */
			@Range(min = 0, max = 256)
			private int maxSpares = 4;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Duration getBlockedAfter() {
				return this.blockedAfter;
			}

			public void setBlockedAfter(Duration blockedAfter) {
				this.blockedAfter = blockedAfter;
			}

			public int getMaxSpares() {
				return this.maxSpares;
			}

			public void setMaxSpares(int maxSpares) {
				this.maxSpares = maxSpares;
			}

		}

	}

	/** Transit settings. */
	public static class Transit {

		/**
		 * Maximum number of outgoing requests awaiting a response, as Moleculer's
		 * transit.maxQueueSize. Beyond it, new calls fail with a QueueIsFullError.
		 */
		@Range(min = 1)
		private int maxQueueSize = 50_000;

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

	}

	/**
	 * Circuit breaker settings. A breaker per action and node takes a failing endpoint out of
	 * rotation. Actions may override them with @CircuitBreaker.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether calls are guarded by a circuit breaker.
		 */
		private boolean enabled;

		/**
		 * Failure rate, greater than 0 and at most 1, that opens the breaker of an endpoint.
		 */
		@Range(above = 0, max = 1)
		private double threshold = 0.5;

		/**
		 * Minimum number of calls within the window before the failure rate counts.
		 */
		@Range(min = 1)
		private int minRequestCount = 20;

		/**
		 * Time window over which the failure rate is measured. If a duration suffix is not
		 * specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		@Range(above = 0)
		private Duration windowTime = Duration.ofSeconds(60);

		/**
		 * Time an open breaker waits before it lets a probe call through. If a duration suffix is
		 * not specified, milliseconds will be used.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		@Range(min = 0)
		private Duration halfOpenTime = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public double getThreshold() {
			return this.threshold;
		}

		public void setThreshold(double threshold) {
			this.threshold = threshold;
		}

		public int getMinRequestCount() {
			return this.minRequestCount;
		}

		public void setMinRequestCount(int minRequestCount) {
			this.minRequestCount = minRequestCount;
		}

		public Duration getWindowTime() {
			return this.windowTime;
		}

		public void setWindowTime(Duration windowTime) {
			this.windowTime = windowTime;
		}

		public Duration getHalfOpenTime() {
			return this.halfOpenTime;
		}

		public void setHalfOpenTime(Duration halfOpenTime) {
			this.halfOpenTime = halfOpenTime;
		}

	}

	/**
	 * Retry policy settings. The caller retries a failed call on another node, with a delay that
	 * grows by 'factor' each time. Actions may override them with @Retry.
	 */
	public static class RetryPolicy {

		/**
		 * Whether failed calls with a retryable error are retried.
		 */
		private boolean enabled;

		/**
		 * Maximum number of retries of a call.
		 */
		@Range(min = 0)
		private int retries = 5;

		/**
		 * Delay before the first retry. If a duration suffix is not specified, milliseconds will be
		 * used.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		@Range(min = 0, note = "at most moleculer.retry-policy.max-delay")
		private Duration delay = Duration.ofMillis(100);

		/**
		 * Longest delay between two retries. If a duration suffix is not specified, milliseconds
		 * will be used.
		 */
		@DurationUnit(ChronoUnit.MILLIS)
		@Range(min = 0)
		private Duration maxDelay = Duration.ofSeconds(1);

		/**
		 * Factor, at least 1, by which the delay grows after each retry.
		 */
		@Range(min = 1)
		private double factor = 2;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getRetries() {
			return this.retries;
		}

		public void setRetries(int retries) {
			this.retries = retries;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getFactor() {
			return this.factor;
		}

		public void setFactor(double factor) {
			this.factor = factor;
		}

	}

	/**
	 * Bulkhead settings. They limit how many calls of each action (and deliveries of each event)
	 * run at once on this node. Actions and events may override them with @Bulkhead.
	 */
	public static class Bulkhead {

		/**
		 * Whether the concurrency of each action and event handler is limited.
		 */
		private boolean enabled;

		/**
		 * Maximum number of calls of an action that run at once.
		 */
		@Range(min = 1)
		private int concurrency = 10;

		/**
		 * Maximum number of calls of an action that wait for a slot; further calls fail with a
		 * QueueIsFullError (429). 0 means no limit.
		 */
		@Range(min = 0, note = "0 means no limit")
		private int maxQueueSize = 100;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

	}

	/**
	 * What the error responses this node sends to other nodes reveal. Both are off by default, so
	 * that a call from another team's service, a Moleculer.js REPL or a public gateway never sees the
	 * classes, methods and source lines of this application; the node still logs the full stack.
	 */
	public static class Errors {

		/**
		 * Whether error responses carry this node's stack traces (Java frames), as Moleculer.js
		 * always sends its own. When off, the 'stack' field is only '<name>: <message>'. Turn it on
		 * for development.
		 */
		private boolean includeStack;

		/**
		 * Whether the error response for an exception that is not a MoleculerError names its Java
		 * class in 'data.exception'. Turn it on for development.
		 */
		private boolean includeException;

		public boolean isIncludeStack() {
			return this.includeStack;
		}

		public void setIncludeStack(boolean includeStack) {
			this.includeStack = includeStack;
		}

		public boolean isIncludeException() {
			return this.includeException;
		}

		public void setIncludeException(boolean includeException) {
			this.includeException = includeException;
		}

	}

	/** Spring web integration settings. */
	public static class Web {

		private final ProblemDetails problemDetails = new ProblemDetails();

		public ProblemDetails getProblemDetails() {
			return this.problemDetails;
		}

		/** Moleculer errors answered as RFC 9457 problem details. */
		public static class ProblemDetails {

			/**
			 * Whether a Spring MVC or Spring WebFlux application answers Moleculer errors that reach
			 * its controllers with RFC 9457 problem details (application/problem+json).
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * Settings of handler arguments: how call params and event payloads convert into the
	 * parameters of @Action and @Event methods.
	 */
	public static class Params {

		/**
		 * How params convert into handler arguments. 'strict': no lossy or type-changing coercion
		 * (1.5 is no int, 123 no String, "2" no number, 1 no boolean), as Moleculer's validator
		 * accepts none. 'lenient': the coercion of Jackson as the application's JSON mapper is
		 * configured (1.5 becomes 1 for an int).
		 */
		private ParamsCoercion coercion = ParamsCoercion.STRICT;

		public ParamsCoercion getCoercion() {
			return this.coercion;
		}

		public void setCoercion(ParamsCoercion coercion) {
			this.coercion = coercion;
		}

	}

}
