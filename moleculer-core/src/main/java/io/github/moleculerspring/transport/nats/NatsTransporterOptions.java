package io.github.moleculerspring.transport.nats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import io.nats.client.Options;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link NatsTransporter}, immutable. Build them with {@link #builder()}, or from
 * a Moleculer-style URL with {@link #of(String)}.
 *
 * <p>
 * Defaults follow Moleculer.js 0.15's NATS transporter, which passes its options to the nats.js
 * 2.x client and changes only {@code maxReconnectAttempts} (to {@code -1}, forever):
 * <ul>
 * <li>{@code reconnectWait} 2 s: nats.js {@code reconnectTimeWait} and jnats
 * {@link Options#DEFAULT_RECONNECT_WAIT} agree;</li>
 * <li>{@code maxReconnects} {@code -1} (forever): Moleculer's {@code maxReconnectAttempts: -1}
 * (jnats defaults to 60, nats.js to 10);</li>
 * <li>{@code pingInterval} 2 min: nats.js and jnats agree;</li>
 * <li>{@code connectionTimeout} 2 s: jnats's per-server connect timeout
 * ({@link Options#DEFAULT_CONNECTION_TIMEOUT}). nats.js has a 20 s {@code timeout} for the whole
 * first connection, but here a failed attempt is simply retried every {@code reconnectWait}, so a
 * short per-attempt timeout only makes retries more frequent;</li>
 * <li>{@code drainTimeout} 5 s: how long {@link NatsTransporter#flush()} and the drain at
 * disconnect may take (Moleculer.js flushes without a bound);</li>
 * <li>servers {@code nats://localhost:4222}: jnats's {@link Options#DEFAULT_URL}.</li>
 * <li>{@code maxOutgoingMessages} 5,000: jnats's outgoing queue
 * ({@link Options#DEFAULT_MAX_MESSAGES_IN_OUTGOING_QUEUE}), set explicitly;</li>
 * <li>{@code outgoingQueueFullWait} 100 ms: how long a publish waits for room in a full outgoing
 * queue before it fails with a typed 503 ({@code NATS_PUBLISH_FAILED}, retryable). jnats waits 2 s
 * ({@link Options#DEFAULT_WRITE_QUEUE_PUSH_TIMEOUT}), which would hold a handler's thread for seconds
 * when the socket stalls; the minimum is jnats's 50 ms. jnats's other choice, discarding, would drop
 * a message without telling its sender, so it is not offered here;</li>
 * <li>{@code pendingMessageLimit} 65,536 and {@code pendingByteLimit} 64 MiB: what the subscriptions
 * may hold before this node reads it (jnats's default is 512 Ki messages, 64 MiB). Beyond it the
 * NATS client drops messages and reports a slow consumer, which is logged: the node is not keeping
 * up, and the incoming queue limits answer the overload before that point.</li>
 * </ul>
 * Anything else jnats offers is reachable through {@link Builder#customizer(Consumer)}.
 *
 * <p>
 * Secrets (password, token, credentials embedded in URLs) never appear in {@link #toString()}, and
 * server URLs are kept without their user info: credentials found in a URL move to
 * {@link #username()}/{@link #password()} (or {@link #token()}).
 */
public final class NatsTransporterOptions {

	/** The server used when none is given. */
	public static final String DEFAULT_URL = Options.DEFAULT_URL;

	/** The pause between two connection attempts. */
	public static final Duration DEFAULT_RECONNECT_WAIT = Duration.ofSeconds(2);

	/** Reconnect forever, as Moleculer.js does. */
	public static final int DEFAULT_MAX_RECONNECTS = -1;

	/** How often the client pings the server to detect a dead connection. */
	public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(2);

	/** How long one attempt to connect to one server may take. */
	public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

	/** How long a flush, and the drain at disconnect, may take. */
	public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);

	/** Default outgoing queue bound, in messages: jnats's. */
	public static final int DEFAULT_MAX_OUTGOING_MESSAGES = Options.DEFAULT_MAX_MESSAGES_IN_OUTGOING_QUEUE;

	/** Default wait for room in a full outgoing queue: 100 ms. */
	public static final Duration DEFAULT_OUTGOING_QUEUE_FULL_WAIT = Duration.ofMillis(100);

	/** Default bound of messages received and not yet read: 65,536. */
	public static final long DEFAULT_PENDING_MESSAGE_LIMIT = 65_536;

	/** Default bound of bytes received and not yet read: 64 MiB. */
	public static final long DEFAULT_PENDING_BYTE_LIMIT = 64L * 1024 * 1024;

	private static final String MASK = "****";

	private final List<String> servers;

	private final @Nullable String connectionName;

	private final @Nullable String username;

	private final @Nullable String password;

	private final @Nullable String token;

	private final @Nullable Path credentials;

	private final @Nullable SSLContext sslContext;

	private final Duration reconnectWait;

	private final int maxReconnects;

	private final Duration pingInterval;

	private final Duration connectionTimeout;

	private final Duration drainTimeout;

	private final int maxOutgoingMessages;

	private final Duration outgoingQueueFullWait;

	private final long pendingMessageLimit;

	private final long pendingByteLimit;

	private final List<Consumer<Options.Builder>> customizers;

	private NatsTransporterOptions(Builder builder) {
		this.servers = List.copyOf(builder.servers.isEmpty() ? List.of(DEFAULT_URL) : builder.servers);
		this.connectionName = builder.connectionName;
		this.username = (builder.username != null) ? builder.username : builder.urlUsername;
		this.password = (builder.username != null) ? builder.password
				: (builder.urlUsername != null) ? builder.urlPassword : builder.password;
		this.token = (builder.token != null) ? builder.token : builder.urlToken;
		this.credentials = builder.credentials;
		this.sslContext = builder.sslContext;
		this.reconnectWait = builder.reconnectWait;
		this.maxReconnects = builder.maxReconnects;
		this.pingInterval = builder.pingInterval;
		this.connectionTimeout = builder.connectionTimeout;
		this.drainTimeout = builder.drainTimeout;
		this.maxOutgoingMessages = builder.maxOutgoingMessages;
		this.outgoingQueueFullWait = builder.outgoingQueueFullWait;
		this.pendingMessageLimit = builder.pendingMessageLimit;
		this.pendingByteLimit = builder.pendingByteLimit;
		this.customizers = List.copyOf(builder.customizers);
		if (this.password != null && this.username == null) {
			throw new IllegalArgumentException("A NATS password needs a username");
		}
	}

	/** A builder with the defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Settings for a Moleculer-style URL, with defaults for everything else.
	 * @param url one URL or a comma-separated list, as {@link Builder#url(String)} takes it
	 * @return the settings
	 */
	public static NatsTransporterOptions of(String url) {
		return builder().url(url).build();
	}

	/** The server URLs, without user info. */
	public List<String> servers() {
		return this.servers;
	}

	/** The name the connection shows in the server's monitoring, or {@code null}. */
	public @Nullable String connectionName() {
		return this.connectionName;
	}

	public @Nullable String username() {
		return this.username;
	}

	public @Nullable String password() {
		return this.password;
	}

	public @Nullable String token() {
		return this.token;
	}

	/** A {@code .creds} file with a user JWT and its NKey seed, or {@code null}. */
	public @Nullable Path credentials() {
		return this.credentials;
	}

	/** The TLS context, or {@code null} for plain connections (or jnats's default for {@code tls://}). */
	public @Nullable SSLContext sslContext() {
		return this.sslContext;
	}

	public Duration reconnectWait() {
		return this.reconnectWait;
	}

	/** How many times to retry (after a connection loss, or at first connect); {@code -1} for forever. */
	public int maxReconnects() {
		return this.maxReconnects;
	}

	public Duration pingInterval() {
		return this.pingInterval;
	}

	public Duration connectionTimeout() {
		return this.connectionTimeout;
	}

	/** Messages the outgoing queue holds before a publish waits for room. */
	public int maxOutgoingMessages() {
		return this.maxOutgoingMessages;
	}

	/** How long a publish waits for room in a full outgoing queue before it fails. */
	public Duration outgoingQueueFullWait() {
		return this.outgoingQueueFullWait;
	}

	/** Messages the subscriptions may hold before this node reads them. */
	public long pendingMessageLimit() {
		return this.pendingMessageLimit;
	}

	/** Bytes the subscriptions may hold before this node reads them. */
	public long pendingByteLimit() {
		return this.pendingByteLimit;
	}

	public Duration drainTimeout() {
		return this.drainTimeout;
	}

	/** The jnats customizers, applied in order after these settings. */
	public List<Consumer<Options.Builder>> customizers() {
		return this.customizers;
	}

	/**
	 * A jnats options builder holding these settings, with the customizers applied. Listeners are
	 * the caller's business.
	 * @return a new builder
	 */
	Options.Builder toJnatsBuilder() {
		return JnatsOptions.builder(this);
	}

	/**
	 * Replaces the user info of each URL in a text by {@code ****}, for logs.
	 * @param text a URL, a list of URLs, or any text that may contain some
	 * @return the text with masked credentials
	 */
	public static String maskCredentials(String text) {
		return NatsServerUrl.mask(text);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("NatsTransporterOptions{servers=")
			.append(maskCredentials(this.servers.toString()));
		if (this.connectionName != null) {
			text.append(", connectionName=").append(this.connectionName);
		}
		if (this.username != null) {
			text.append(", username=").append(this.username);
		}
		if (this.password != null) {
			text.append(", password=").append(MASK);
		}
		if (this.token != null) {
			text.append(", token=").append(MASK);
		}
		if (this.credentials != null) {
			text.append(", credentials=").append(this.credentials);
		}
		if (this.sslContext != null) {
			text.append(", ssl=").append(this.sslContext.getProtocol());
		}
		text.append(", reconnectWait=").append(this.reconnectWait)
			.append(", maxReconnects=").append(this.maxReconnects)
			.append(", pingInterval=").append(this.pingInterval)
			.append(", connectionTimeout=").append(this.connectionTimeout)
			.append(", drainTimeout=").append(this.drainTimeout);
		if (!this.customizers.isEmpty()) {
			text.append(", customizers=").append(this.customizers.size());
		}
		return text.append('}').toString();
	}

	/** Builds {@link NatsTransporterOptions}. */
	public static final class Builder {

		private final List<String> servers = new ArrayList<>();

		private @Nullable String connectionName;

		private @Nullable String username;

		private @Nullable String password;

		private @Nullable String token;

		private @Nullable String urlUsername;

		private @Nullable String urlPassword;

		private @Nullable String urlToken;

		private @Nullable Path credentials;

		private @Nullable SSLContext sslContext;

		private Duration reconnectWait = DEFAULT_RECONNECT_WAIT;

		private int maxReconnects = DEFAULT_MAX_RECONNECTS;

		private Duration pingInterval = DEFAULT_PING_INTERVAL;

		private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

		private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;

		private int maxOutgoingMessages = DEFAULT_MAX_OUTGOING_MESSAGES;

		private Duration outgoingQueueFullWait = DEFAULT_OUTGOING_QUEUE_FULL_WAIT;

		private long pendingMessageLimit = DEFAULT_PENDING_MESSAGE_LIMIT;

		private long pendingByteLimit = DEFAULT_PENDING_BYTE_LIMIT;

		private final List<Consumer<Options.Builder>> customizers = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the servers from a Moleculer-style URL: {@code nats://host:4222}, or a comma-separated
		 * list of such URLs (as Moleculer.js splits its {@code url} option). User info in a URL
		 * ({@code nats://user:pass@host}, or {@code nats://token@host}) becomes the credentials,
		 * the first found winning, unless set explicitly. A URL without a scheme gets
		 * {@code nats://}.
		 * @param url the URL(s)
		 * @return this builder
		 */
		public Builder url(String url) {
			this.servers.clear();
			this.urlUsername = null;
			this.urlPassword = null;
			this.urlToken = null;
			for (String part : url.split(",")) {
				if (!part.isBlank()) {
					server(part);
				}
			}
			if (this.servers.isEmpty()) {
				throw new IllegalArgumentException("No NATS server in '" + maskCredentials(url) + "'");
			}
			return this;
		}

		/**
		 * Sets the servers; each entry is parsed as by {@link #url(String)}.
		 * @param servers the server URLs
		 * @return this builder
		 */
		public Builder servers(List<String> servers) {
			return url(String.join(",", servers));
		}

		/**
		 * Adds a server; user info in its URL becomes the credentials as in {@link #url(String)}.
		 * @param url the server URL
		 * @return this builder
		 */
		public Builder server(String url) {
			NatsServerUrl parsed = NatsServerUrl.parse(url);
			if (parsed.token() != null && this.urlToken == null) {
				this.urlToken = parsed.token();
			}
			else if (parsed.username() != null && this.urlUsername == null) {
				this.urlUsername = parsed.username();
				this.urlPassword = parsed.password();
			}
			this.servers.add(parsed.server());
			return this;
		}

		/**
		 * The name of the connection, shown by the server's monitoring ({@code /connz}).
		 * @param connectionName the name, or {@code null} for none
		 * @return this builder
		 */
		public Builder connectionName(@Nullable String connectionName) {
			this.connectionName = connectionName;
			return this;
		}

		/**
		 * The user, overriding one found in a URL.
		 * @param username the user, or {@code null}
		 * @return this builder
		 */
		public Builder username(@Nullable String username) {
			this.username = username;
			return this;
		}

		/**
		 * The password of {@link #username(String)}.
		 * @param password the password, or {@code null}
		 * @return this builder
		 */
		public Builder password(@Nullable String password) {
			this.password = password;
			return this;
		}

		/**
		 * The authentication token, overriding one found in a URL.
		 * @param token the token, or {@code null}
		 * @return this builder
		 */
		public Builder token(@Nullable String token) {
			this.token = token;
			return this;
		}

		/**
		 * A {@code .creds} file (user JWT and NKey seed), for decentralized authentication.
		 * @param credentials the file, or {@code null}
		 * @return this builder
		 */
		public Builder credentials(@Nullable Path credentials) {
			this.credentials = credentials;
			return this;
		}

		/**
		 * The TLS context; when set, the connection requires TLS.
		 * @param sslContext the context, or {@code null}
		 * @return this builder
		 */
		public Builder sslContext(@Nullable SSLContext sslContext) {
			this.sslContext = sslContext;
			return this;
		}

		/**
		 * The pause between two connection attempts (default 2 s).
		 * @param reconnectWait the pause
		 * @return this builder
		 */
		public Builder reconnectWait(Duration reconnectWait) {
			this.reconnectWait = nonNegative(reconnectWait, "reconnectWait");
			return this;
		}

		/**
		 * How many times to retry connecting, {@code -1} (the default) for forever.
		 * @param maxReconnects the number of retries
		 * @return this builder
		 */
		public Builder maxReconnects(int maxReconnects) {
			if (maxReconnects < -1) {
				throw new IllegalArgumentException("maxReconnects must be -1 (forever) or more, not " + maxReconnects);
			}
			this.maxReconnects = maxReconnects;
			return this;
		}

		/**
		 * How often to ping the server (default 2 min); two unanswered pings mean a dead connection.
		 * @param pingInterval the interval
		 * @return this builder
		 */
		public Builder pingInterval(Duration pingInterval) {
			this.pingInterval = positive(pingInterval, "pingInterval");
			return this;
		}

		/**
		 * How long one attempt to connect to one server may take (default 2 s).
		 * @param connectionTimeout the timeout
		 * @return this builder
		 */
		public Builder connectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = positive(connectionTimeout, "connectionTimeout");
			return this;
		}

		/**
		 * How long a flush, and the drain at disconnect, may take (default 5 s).
		 * @param drainTimeout the timeout
		 * @return this builder
		 */
		public Builder drainTimeout(Duration drainTimeout) {
			this.drainTimeout = positive(drainTimeout, "drainTimeout");
			return this;
		}

		/**
		 * How many messages the outgoing queue holds (default 5,000, jnats's).
		 * @param maxOutgoingMessages the bound, at least 1
		 * @return this builder
		 */
		public Builder maxOutgoingMessages(int maxOutgoingMessages) {
			if (maxOutgoingMessages < 1) {
				throw new IllegalArgumentException("maxOutgoingMessages must be at least 1, not " + maxOutgoingMessages);
			}
			this.maxOutgoingMessages = maxOutgoingMessages;
			return this;
		}

		/**
		 * How long a publish waits for room in a full outgoing queue before it fails with a typed
		 * error (default 100 ms; at least jnats's minimum, 50 ms).
		 * @param outgoingQueueFullWait the wait
		 * @return this builder
		 */
		public Builder outgoingQueueFullWait(Duration outgoingQueueFullWait) {
			if (outgoingQueueFullWait.compareTo(Options.MINIMUM_WRITE_QUEUE_PUSH_TIMEOUT) < 0) {
				throw new IllegalArgumentException("outgoingQueueFullWait must be at least "
						+ Options.MINIMUM_WRITE_QUEUE_PUSH_TIMEOUT.toMillis() + " ms, not " + outgoingQueueFullWait.toMillis()
						+ " ms");
			}
			this.outgoingQueueFullWait = outgoingQueueFullWait;
			return this;
		}

		/**
		 * How many received messages the subscriptions hold before this node reads them (default 65,536).
		 * @param pendingMessageLimit the bound, at least 1
		 * @return this builder
		 */
		public Builder pendingMessageLimit(long pendingMessageLimit) {
			if (pendingMessageLimit < 1) {
				throw new IllegalArgumentException("pendingMessageLimit must be at least 1, not " + pendingMessageLimit);
			}
			this.pendingMessageLimit = pendingMessageLimit;
			return this;
		}

		/**
		 * How many received bytes the subscriptions hold before this node reads them (default 64 MiB).
		 * @param pendingByteLimit the bound, at least 1
		 * @return this builder
		 */
		public Builder pendingByteLimit(long pendingByteLimit) {
			if (pendingByteLimit < 1) {
				throw new IllegalArgumentException("pendingByteLimit must be at least 1, not " + pendingByteLimit);
			}
			this.pendingByteLimit = pendingByteLimit;
			return this;
		}

		/**
		 * Adds a jnats customizer, called with the options builder after these settings are applied:
		 * the escape hatch for whatever these options do not cover. Setting a connection or error
		 * listener there adds to the transporter's own, which it keeps.
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder customizer(Consumer<Options.Builder> customizer) {
			this.customizers.add(Objects.requireNonNull(customizer, "customizer"));
			return this;
		}

		public NatsTransporterOptions build() {
			return new NatsTransporterOptions(this);
		}

		private static Duration nonNegative(Duration duration, String name) {
			if (duration.isNegative()) {
				throw new IllegalArgumentException(name + " must not be negative");
			}
			return duration;
		}

		private static Duration positive(Duration duration, String name) {
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

	}

}
