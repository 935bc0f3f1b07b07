package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of the Moleculer broker. Defaults are those of Moleculer.js 0.15, and
 * durations use Moleculer's units: {@code heartbeat-interval: 10} is 10 seconds,
 * {@code request-timeout: 5000} is 5 seconds.
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
	private Duration requestTimeout = Duration.ZERO;

	/**
	 * Maximum depth of call chains. 0 means no limit.
	 */
	private int maxCallLevel;

	/**
	 * Interval between the heartbeats this node sends. If a duration suffix is not specified,
	 * seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration heartbeatInterval = Duration.ofSeconds(10);

	/**
	 * Time without heartbeat after which a remote node is considered offline. If a duration suffix
	 * is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration heartbeatTimeout = Duration.ofSeconds(30);

	/**
	 * Protocol version: 'auto' (speaks 5 and switches to 4 when the first peer speaks 4), '4'
	 * (Moleculer 0.14) or '5' (Moleculer 0.15).
	 */
	private String protocolVersion = "auto";

	/**
	 * Whether to disable the built-in balancer and let the transporter balance requests and events.
	 */
	private boolean disableBalancer;

	/**
	 * Metadata of this node, published to the other nodes.
	 */
	private Map<String, Object> metadata = new LinkedHashMap<>();

	private final Registry registry = new Registry();

	private final Executor executor = new Executor();

	private final Transit transit = new Transit();

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

	/** Service registry settings. */
	public static class Registry {

		/**
		 * Whether to call a service of this node rather than a remote one when both exist.
		 */
		private boolean preferLocal = true;

		public boolean isPreferLocal() {
			return this.preferLocal;
		}

		public void setPreferLocal(boolean preferLocal) {
			this.preferLocal = preferLocal;
		}

	}

	/** Settings of the executor that runs handlers. */
	public static class Executor {

		/**
		 * Number of threads of the broker's worker pool. Defaults to 8 per CPU, at least 16.
		 */
		private @Nullable Integer threads;

		/**
		 * Whether handlers run on virtual threads (Java 21 or later). Defaults to the value of
		 * 'spring.threads.virtual.enabled'.
		 */
		private @Nullable Boolean virtualThreads;

		/**
		 * Maximum number of incoming requests that wait for a worker. Beyond it, callers get a
		 * QueueIsFullError.
		 */
		private int queueSize = 10_000;

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

		public void setQueueSize(int queueSize) {
			this.queueSize = queueSize;
		}

	}

	/** Transit settings. */
	public static class Transit {

		/**
		 * Maximum number of outgoing requests awaiting a response. Beyond it, new calls fail with a
		 * QueueIsFullError.
		 */
		private int maxQueueSize = 50_000;

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

	}

}
