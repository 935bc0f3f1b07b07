package io.github.moleculerspring.transport.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.Nats;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS transporter, on jnats: one connection, one dispatcher for every subscription, payloads
 * passed through unchanged (no headers, no reply subjects), as Moleculer.js's
 * {@code NatsTransporter} does.
 *
 * <p>
 * <b>First connection.</b> {@link #connect(TransporterListener)} returns at once; a background
 * thread tries every server, and retries every {@code reconnectWait} while no server is reachable
 * (forever by default, else {@code maxReconnects} times), so a broker started while NATS is down
 * comes up when NATS does, as Moleculer.js's transit retries its first connection. The returned
 * future completes once connected, or fails: at once when the server rejects the credentials (a
 * retry cannot fix them), after {@code maxReconnects} failed attempts, or when
 * {@link #disconnect()} is called first.
 *
 * <p>
 * <b>Reconnection.</b> After a connection loss jnats reconnects (every {@code reconnectWait},
 * {@code maxReconnects} times) and re-sends the subscriptions itself; the listener gets
 * {@link TransporterListener#onDisconnected()} on the loss and
 * {@link TransporterListener#onConnected(boolean) onConnected(true)} only once the subscriptions
 * are back on the server (jnats's {@code RESUBSCRIBED} event), so what the listener publishes then
 * (INFO, DISCOVER) cannot overtake them. The subscriptions are never made twice: they survive in
 * jnats, and the transit does not subscribe again while it holds them. While disconnected,
 * {@link #publish(String, byte[])} fails with {@link BrokerDisconnectedError} instead of filling
 * jnats's reconnect buffer with packets that would arrive late.
 *
 * <p>
 * Messages reach the listener on the jnats dispatcher thread, connection events on jnats's
 * callback thread, one at a time and in order.
 */
public final class NatsTransporter implements Transporter {

	private static final Logger logger = LoggerFactory.getLogger(NatsTransporter.class);

	private static final byte[] EMPTY = new byte[0];

	private final NatsTransporterOptions options;

	private final Object lock = new Object();

	private final CountDownLatch stopRequested = new CountDownLatch(1);

	private final AtomicReference<@Nullable Connection> connection = new AtomicReference<>();

	private final MessageHandler handler = this::deliver;

	private final ConnectionEvents events = new ConnectionEvents();

	private volatile @Nullable TransporterListener listener;

	private volatile @Nullable Dispatcher dispatcher;

	/** Connected and subscribed; changed only on jnats's callback thread (and at disconnect). */
	private volatile boolean up;

	private volatile boolean everUp;

	private volatile boolean closing;

	private volatile long lastMaxPayload = Long.MAX_VALUE;

	private @Nullable CompletableFuture<Void> connected;

	private @Nullable CompletableFuture<Void> disconnected;

	private @Nullable Thread connector;

	/**
	 * Creates a transporter.
	 * @param options the settings
	 */
	public NatsTransporter(NatsTransporterOptions options) {
		this.options = options;
	}

	/**
	 * Creates a transporter for a Moleculer-style URL, with default settings otherwise.
	 * @param url {@code nats://host:4222}, or a comma-separated list
	 */
	public NatsTransporter(String url) {
		this(NatsTransporterOptions.of(url));
	}

	@Override
	public String name() {
		return "NATS";
	}

	public NatsTransporterOptions options() {
		return this.options;
	}

	/** The jnats connection, or {@code null} before the first one; for monitoring, not for publishing. */
	public @Nullable Connection connection() {
		return this.connection.get();
	}

	@Override
	public CompletableFuture<Void> connect(TransporterListener listener) {
		synchronized (this.lock) {
			if (this.closing) {
				return CompletableFuture.failedFuture(
						new IllegalStateException("This NATS transporter was disconnected; create a new one"));
			}
			if (this.connected != null) {
				return this.connected.copy();
			}
			this.listener = listener;
			this.connected = new CompletableFuture<>();
			Thread thread = new Thread(this::connectLoop, "moleculer-nats-connect");
			thread.setDaemon(true);
			this.connector = thread;
			thread.start();
			return this.connected.copy();
		}
	}

	/** Tries to connect until connected, rejected, out of attempts, or asked to stop. */
	private void connectLoop() {
		String servers = NatsTransporterOptions.maskCredentials(this.options.servers().toString());
		int maxRetries = this.options.maxReconnects();
		long waitMillis = this.options.reconnectWait().toMillis();
		int failures = 0;
		logger.info("Connecting to NATS {}", servers);
		while (!this.closing) {
			try {
				Connection current = Nats.connect(JnatsOptions.build(this.options, this.events, () -> this.up));
				// The CONNECTED event (on jnats's callback thread) may have recorded it already.
				this.connection.compareAndSet(null, current);
				return;
			}
			catch (AuthenticationException ex) {
				failConnect(new MoleculerError("NATS rejected the credentials" + describeAuth() + " on " + servers
						+ ": " + masked(ex) + ". Check the username/password, token or credentials file.", 401,
						"NATS_AUTHENTICATION_FAILED", Map.of("servers", this.options.servers()), ex));
				return;
			}
			catch (IOException ex) {
				failures++;
				if (maxRetries >= 0 && failures > maxRetries) {
					failConnect(new MoleculerError("Could not connect to NATS " + servers + " in " + failures
							+ " attempt(s): " + masked(ex), 503, "NATS_UNREACHABLE",
							Map.of("servers", this.options.servers(), "attempts", failures), ex));
					return;
				}
				if (failures == 1) {
					logger.warn("NATS {} is not reachable ({}); retrying every {} ms", servers, masked(ex),
							waitMillis);
				}
				else if (failures % 10 == 0) {
					logger.warn("NATS {} is still not reachable after {} attempts ({})", servers, failures,
							masked(ex));
				}
				else {
					logger.debug("NATS connection attempt {} failed: {}", failures, masked(ex));
				}
				try {
					if (this.stopRequested.await(waitMillis, TimeUnit.MILLISECONDS)) {
						return;
					}
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				failConnect(new MoleculerError("Could not connect to NATS " + servers + ": " + masked(ex), 500,
						"NATS_CONNECTION_FAILED", Map.of("servers", this.options.servers()), ex));
				return;
			}
		}
	}

	private static String masked(Exception ex) {
		return NatsTransporterOptions.maskCredentials(String.valueOf(ex.getMessage()));
	}

	private String describeAuth() {
		if (this.options.username() != null) {
			return " of user '" + this.options.username() + "'";
		}
		if (this.options.token() != null) {
			return " (token)";
		}
		if (this.options.credentials() != null) {
			return " of '" + this.options.credentials() + "'";
		}
		return " (none configured)";
	}

	private void failConnect(Throwable error) {
		logger.error("{}", error.getMessage());
		CompletableFuture<Void> future;
		synchronized (this.lock) {
			future = this.connected;
		}
		if (future != null) {
			future.completeExceptionally(error);
		}
	}

	@Override
	public CompletableFuture<Void> disconnect() {
		synchronized (this.lock) {
			if (this.disconnected != null) {
				return this.disconnected.copy();
			}
			this.closing = true;
			this.stopRequested.countDown();
			if (this.connected == null) {
				this.disconnected = CompletableFuture.completedFuture(null);
			}
			else {
				this.disconnected = async("moleculer-nats-disconnect", this::shutdown);
			}
			return this.disconnected.copy();
		}
	}

	/** Stops connecting, drains (flush, unsubscribe, deliver what arrived) with a bound, closes. */
	private void shutdown() {
		Thread thread;
		CompletableFuture<Void> future;
		synchronized (this.lock) {
			thread = this.connector;
			future = this.connected;
		}
		long drainMillis = this.options.drainTimeout().toMillis();
		try {
			if (thread != null) {
				// An attempt in progress ends within the connection timeout of each server.
				thread.join(this.options.connectionTimeout().toMillis() * (this.options.servers().size() + 1)
						+ drainMillis);
			}
			Connection current = this.connection.get();
			if (current != null) {
				if (current.getStatus() == Connection.Status.CONNECTED) {
					try {
						current.drain(this.options.drainTimeout()).get(drainMillis + 1000, TimeUnit.MILLISECONDS);
					}
					catch (TimeoutException | ExecutionException | IllegalStateException ex) {
						logger.debug("NATS drain did not complete: {}", ex.toString());
					}
				}
				current.close();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.up = false;
			if (future != null) {
				future.completeExceptionally(new BrokerDisconnectedError());
			}
			logger.info("NATS connection closed");
		}
	}

	@Override
	public boolean isConnected() {
		Connection current = this.connection.get();
		return this.up && !this.closing && current != null && current.getStatus() == Connection.Status.CONNECTED;
	}

	@Override
	public Subscription subscribe(String subject, @Nullable String queueGroup) {
		Dispatcher current = this.dispatcher;
		if (this.closing || current == null) {
			throw new BrokerDisconnectedError();
		}
		io.nats.client.Subscription subscription;
		try {
			subscription = (queueGroup != null) ? current.subscribe(subject, queueGroup, this.handler)
					: current.subscribe(subject, this.handler);
		}
		catch (IllegalStateException ex) {
			// Closed or draining.
			throw new BrokerDisconnectedError();
		}
		return () -> {
			try {
				if (subscription.isActive()) {
					current.unsubscribe(subscription);
				}
			}
			catch (IllegalStateException ex) {
				// The connection is closed: the subscription is gone with it.
			}
		};
	}

	/**
	 * A synchronous jnats subscription with the same pending limits as the dispatcher's, read by the
	 * caller's thread.
	 */
	@Override
	public Transporter.PullSubscription pull(String subject, @Nullable String queueGroup) {
		Connection current = this.connection.get();
		if (this.closing || current == null || this.dispatcher == null) {
			throw new BrokerDisconnectedError();
		}
		try {
			io.nats.client.Subscription subscription = (queueGroup != null) ? current.subscribe(subject, queueGroup)
					: current.subscribe(subject);
			return new NatsPullSubscription(current, subscription, this.options.pendingMessageLimit(),
					this.options.pendingByteLimit());
		}
		catch (IllegalStateException ex) {
			// Closed or draining.
			throw new BrokerDisconnectedError();
		}
	}

	@Override
	public void publish(String subject, byte[] payload) {
		Connection current = this.connection.get();
		if (current == null || !isConnected()) {
			throw new BrokerDisconnectedError();
		}
		long max = current.getMaxPayload();
		if (max > 0 && payload.length > max) {
			throw payloadTooLarge(subject, payload.length, max);
		}
		try {
			// Bounded: when jnats's outgoing queue is full it waits at most outgoingQueueFullWait, then throws.
			current.publish(subject, payload);
		}
		catch (IllegalStateException ex) {
			if (!isConnected()) {
				throw new BrokerDisconnectedError();
			}
			throw new MoleculerServerError("NATS did not accept a message on '" + subject + "': " + ex.getMessage(),
					503, "NATS_PUBLISH_FAILED", Map.of("subject", subject), true, ex);
		}
		catch (IllegalArgumentException ex) {
			throw new MoleculerError("NATS rejected a message on '" + subject + "': " + ex.getMessage(), 500,
					"NATS_PUBLISH_FAILED", Map.of("subject", subject), ex);
		}
	}

	/**
	 * Sends the message as a NATS request: the server answers at once with "no responders" when
	 * nobody subscribes to the subject; a subscriber receives it as a normal message (it does not
	 * reply, so the request runs into its timeout, which means "present").
	 */
	@Override
	public CompletableFuture<Boolean> probe(String subject, byte[] payload, java.time.Duration timeout) {
		Connection current = this.connection.get();
		if (current == null || !isConnected()) {
			return CompletableFuture.failedFuture(new BrokerDisconnectedError());
		}
		CompletableFuture<Boolean> present = new CompletableFuture<>();
		try {
			current.request(subject, payload)
				.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
				.whenComplete((reply, error) -> {
					Throwable cause = (error instanceof java.util.concurrent.CompletionException) ? error.getCause()
							: error;
					present.complete(!(cause instanceof java.util.concurrent.CancellationException));
				});
		}
		catch (RuntimeException ex) {
			present.complete(true);
		}
		return present;
	}

	private static MoleculerError payloadTooLarge(String subject, int size, long max) {
		return new MoleculerError("A message of " + size + " bytes on '" + subject
				+ "' exceeds the NATS server's max_payload of " + max + " bytes.", 413, "PAYLOAD_TOO_LARGE",
				Map.of("size", size, "limit", max));
	}

	@Override
	public CompletableFuture<Void> flush() {
		Connection current = this.connection.get();
		if (current == null || !isConnected()) {
			return CompletableFuture.failedFuture(new BrokerDisconnectedError());
		}
		Duration timeout = this.options.drainTimeout();
		return async("moleculer-nats-flush", () -> {
			try {
				current.flush(timeout);
			}
			catch (TimeoutException ex) {
				throw new CompletionException(new MoleculerServerError("NATS flush did not complete in " + timeout,
						504, "NATS_FLUSH_TIMEOUT", null, true, ex));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CompletionException(ex);
			}
		});
	}

	/**
	 * The server's {@code max_payload} (1 MiB unless configured), from the connection's server
	 * info; before the first connection, unlimited (publishing fails anyway then).
	 */
	@Override
	public long maxPayloadBytes() {
		Connection current = this.connection.get();
		if (current != null) {
			long max = current.getMaxPayload();
			if (max > 0) {
				this.lastMaxPayload = max;
				return max;
			}
		}
		return this.lastMaxPayload;
	}

	private void deliver(Message message) {
		TransporterListener current = this.listener;
		if (current == null) {
			return;
		}
		byte[] data = message.getData();
		try {
			current.onMessage(message.getSubject(), (data != null) ? data : EMPTY);
		}
		catch (RuntimeException ex) {
			logger.warn("Listener failed on a message of '{}'", message.getSubject(), ex);
		}
	}

	private static CompletableFuture<Void> async(String threadName, Runnable task) {
		return CompletableFuture.runAsync(task, (runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			thread.start();
		});
	}

	@Override
	public String toString() {
		return "NatsTransporter" + this.options;
	}

	/** Maps jnats's connection events to the listener, on jnats's (single) callback thread. */
	private final class ConnectionEvents implements ConnectionListener {

		@Override
		@Deprecated
		public void connectionEvent(Connection conn, Events type) {
			connectionEvent(conn, type, System.currentTimeMillis(), null);
		}

		@Override
		public void connectionEvent(Connection conn, Events type, @Nullable Long time, @Nullable String uriDetails) {
			NatsTransporter transporter = NatsTransporter.this;
			if (type == Events.CONNECTED) {
				// Only the attempt that succeeds reaches CONNECTED; failed ones never do.
				transporter.connection.compareAndSet(null, conn);
			}
			if (transporter.connection.get() != conn) {
				return;
			}
			String server = NatsTransporterOptions.maskCredentials(String.valueOf(conn.getConnectedUrl()));
			switch (type) {
				case CONNECTED -> becameUp(conn, server);
				case RECONNECTED -> logger.info("NATS reconnected to {}; waiting for the subscriptions", server);
				case RESUBSCRIBED -> becameUp(conn, server);
				case DISCONNECTED -> becameDown("NATS connection lost; reconnecting every "
						+ transporter.options.reconnectWait().toMillis() + " ms");
				case CLOSED -> becameDown("NATS connection closed after " + transporter.options.maxReconnects()
						+ " failed reconnect attempt(s); this node stays disconnected");
				case LAME_DUCK -> logger.warn("NATS server {} is entering lame duck mode", server);
				default -> logger.debug("NATS {} ({})", type, server);
			}
		}

		private void becameUp(Connection conn, String server) {
			NatsTransporter transporter = NatsTransporter.this;
			if (transporter.up || transporter.closing) {
				return;
			}
			TransporterListener current = transporter.listener;
			if (transporter.dispatcher == null) {
				Dispatcher created = conn.createDispatcher();
				created.setPendingLimits(transporter.options.pendingMessageLimit(), transporter.options.pendingByteLimit());
				transporter.dispatcher = created;
			}
			transporter.maxPayloadBytes();
			transporter.up = true;
			boolean reconnected = transporter.everUp;
			transporter.everUp = true;
			logger.info("NATS {} to {} (server max_payload {} bytes)", reconnected ? "reconnected" : "connected",
					server, conn.getMaxPayload());
			try {
				if (current != null) {
					current.onConnected(reconnected);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Transporter listener failed on connect", ex);
			}
			if (!reconnected) {
				CompletableFuture<Void> future;
				synchronized (transporter.lock) {
					future = transporter.connected;
				}
				if (future != null) {
					future.complete(null);
				}
			}
		}

		private void becameDown(String message) {
			NatsTransporter transporter = NatsTransporter.this;
			if (transporter.closing) {
				transporter.up = false;
				return;
			}
			if (!transporter.up) {
				return;
			}
			transporter.up = false;
			logger.warn("{}", message);
			TransporterListener current = transporter.listener;
			try {
				if (current != null) {
					current.onDisconnected();
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Transporter listener failed on disconnect", ex);
			}
		}

	}

}
