package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Options of the NATS transporter, used when {@code moleculer.transporter} is a {@code nats://}
 * URL. Defaults follow Moleculer.js's NATS transporter (reconnect forever) and jnats.
 */
@ConfigurationProperties("moleculer.nats")
public class MoleculerNatsProperties {

	/**
	 * More server URLs, for a cluster, in addition to those in moleculer.transporter.
	 */
	private List<String> servers = new ArrayList<>();

	/**
	 * Connection name shown by the NATS server's monitoring. Defaults to the node ID.
	 */
	private @Nullable String connectionName;

	/**
	 * User name for user/password authentication.
	 */
	private @Nullable String username;

	/**
	 * Password for user/password authentication.
	 */
	private @Nullable String password;

	/**
	 * Token for token authentication.
	 */
	private @Nullable String token;

	/**
	 * Path of a NATS credentials file (JWT and NKey seed) for decentralized authentication.
	 */
	private @Nullable String credentials;

	/**
	 * Wait between reconnect attempts.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	@Range(min = 0)
	private Duration reconnectWait = Duration.ofSeconds(2);

	/**
	 * Reconnect attempts before giving up; -1 means forever, as Moleculer.js does.
	 */
	@Range(min = -1, note = "-1 means forever")
	private int maxReconnects = -1;

	/**
	 * Interval of client PINGs to the server.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	@Range(above = 0)
	private Duration pingInterval = Duration.ofMinutes(2);

	/**
	 * Timeout of one connection attempt.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	@Range(above = 0)
	private Duration connectionTimeout = Duration.ofSeconds(2);

	/**
	 * Longest wait for pending messages to be sent when the broker stops.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	@Range(above = 0)
	private Duration drainTimeout = Duration.ofSeconds(5);

	/**
	 * Maximum number of messages in the NATS client's outgoing queue.
	 */
	@Range(min = 1)
	private int maxOutgoingMessages = 5000;

	/**
	 * Longest wait for room in a full outgoing queue; then the publish fails with a retryable 503
	 * (NATS_PUBLISH_FAILED) instead of holding the thread. At least 50 ms.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	@Range(min = 50)
	private Duration outgoingQueueFullWait = Duration.ofMillis(100);

	/**
	 * Maximum number of received messages held before this node reads them; beyond it the NATS
	 * client drops messages and reports a slow consumer.
	 */
	@Range(min = 1)
	private long pendingMessageLimit = 65_536;

	/**
	 * Maximum number of received bytes held before this node reads them.
	 */
	@Range(min = 1)
	private long pendingByteLimit = 64L * 1024 * 1024;

	private final Ssl ssl = new Ssl();

	/**
	 * Further jnats options as properties, such as io.nats.client.verbose or
	 * io.nats.client.maxpings.
	 */
	private Map<String, String> properties = new LinkedHashMap<>();

	public List<String> getServers() {
		return this.servers;
	}

	public void setServers(List<String> servers) {
		this.servers = servers;
	}

	public @Nullable String getConnectionName() {
		return this.connectionName;
	}

	public void setConnectionName(@Nullable String connectionName) {
		this.connectionName = connectionName;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable String getCredentials() {
		return this.credentials;
	}

	public void setCredentials(@Nullable String credentials) {
		this.credentials = credentials;
	}

	public Duration getReconnectWait() {
		return this.reconnectWait;
	}

	public void setReconnectWait(Duration reconnectWait) {
		this.reconnectWait = reconnectWait;
	}

	public int getMaxReconnects() {
		return this.maxReconnects;
	}

	public void setMaxReconnects(int maxReconnects) {
		this.maxReconnects = maxReconnects;
	}

	public Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public int getMaxOutgoingMessages() {
		return this.maxOutgoingMessages;
	}

	public void setMaxOutgoingMessages(int maxOutgoingMessages) {
		this.maxOutgoingMessages = maxOutgoingMessages;
	}

	public Duration getOutgoingQueueFullWait() {
		return this.outgoingQueueFullWait;
	}

	public void setOutgoingQueueFullWait(Duration outgoingQueueFullWait) {
		this.outgoingQueueFullWait = outgoingQueueFullWait;
	}

	public long getPendingMessageLimit() {
		return this.pendingMessageLimit;
	}

	public void setPendingMessageLimit(long pendingMessageLimit) {
		this.pendingMessageLimit = pendingMessageLimit;
	}

	public long getPendingByteLimit() {
		return this.pendingByteLimit;
	}

	public void setPendingByteLimit(long pendingByteLimit) {
		this.pendingByteLimit = pendingByteLimit;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Map<String, String> getProperties() {
		return this.properties;
	}

	public void setProperties(Map<String, String> properties) {
		this.properties = properties;
	}

	/** TLS settings. */
	public static class Ssl {

		/**
		 * Whether to use TLS. Enabled automatically when a bundle is set.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) with the trust material and, for mutual TLS,
		 * the client key.
		 */
		private @Nullable String bundle;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}
