package io.github.moleculerspring.transport.nats;

import java.io.IOException;
import java.util.function.BooleanSupplier;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the jnats {@link Options} of a {@link NatsTransporter}'s connection: ours, the
 * customizers', and our connection and error listeners, chained before any a customizer set so
 * both are called. jnats's errors are logged through SLF4J, never with credentials.
 */
final class JnatsOptions {

	private static final Logger logger = LoggerFactory.getLogger(NatsTransporter.class);

	private JnatsOptions() {
	}

	/**
	 * A jnats options builder holding the transporter's settings, with its customizers applied.
	 * Listeners are the caller's business.
	 * @param options the settings
	 * @return a new builder
	 */
	static Options.Builder builder(NatsTransporterOptions options) {
		Options.Builder builder = new Options.Builder()
			.servers(options.servers().toArray(new String[0]))
			.reconnectWait(options.reconnectWait())
			.maxReconnects(options.maxReconnects())
			.pingInterval(options.pingInterval())
			.connectionTimeout(options.connectionTimeout())
			.maxMessagesInOutgoingQueue(options.maxOutgoingMessages())
			.writeQueuePushTimeout(options.outgoingQueueFullWait());
		String connectionName = options.connectionName();
		if (connectionName != null) {
			builder.connectionName(connectionName);
		}
		String username = options.username();
		if (username != null) {
			String password = options.password();
			builder.userInfo(username.toCharArray(), (password != null) ? password.toCharArray() : new char[0]);
		}
		String token = options.token();
		if (token != null) {
			builder.token(token.toCharArray());
		}
		java.nio.file.Path credentials = options.credentials();
		if (credentials != null) {
			builder.credentialPath(credentials.toString());
		}
		javax.net.ssl.SSLContext sslContext = options.sslContext();
		if (sslContext != null) {
			builder.sslContext(sslContext);
		}
		for (java.util.function.Consumer<Options.Builder> customizer : options.customizers()) {
			customizer.accept(builder);
		}
		return builder;
	}

	/**
	 * The jnats options.
	 * @param options the transporter's settings
	 * @param events the transporter's connection listener
	 * @param up whether the transporter is connected and subscribed now (errors are quieter while not)
	 * @return the options
	 */
	static Options build(NatsTransporterOptions options, ConnectionListener events, BooleanSupplier up) {
		Options built = options.toJnatsBuilder().build();
		ConnectionListener userEvents = built.getConnectionListener();
		ErrorListener userErrors = built.getErrorListener();
		boolean defaultErrors = userErrors == null
				|| userErrors.getClass().getName().equals("io.nats.client.impl.ErrorListenerLoggerImpl");
		ErrorListener errors = new ErrorLog(up);
		return new Options.Builder(built)
			.connectionListener((userEvents == null) ? events : new ChainedEvents(events, userEvents))
			.errorListener(defaultErrors ? errors : new ChainedErrors(errors, userErrors))
			.build();
	}

	/** Logs jnats's errors through SLF4J, never with credentials. */
	private record ErrorLog(BooleanSupplier up) implements ErrorListener {

		@Override
		public void errorOccurred(Connection conn, String error) {
			logger.warn("NATS server error: {}", NatsTransporterOptions.maskCredentials(error));
		}

		@Override
		public void exceptionOccurred(@Nullable Connection conn, Exception exception) {
			String text = NatsTransporterOptions.maskCredentials(String.valueOf(exception));
			// Socket failures precede a DISCONNECTED event, which is logged already.
			if (this.up.getAsBoolean() && !(exception instanceof IOException)) {
				logger.warn("NATS client exception: {}", text);
			}
			else {
				logger.debug("NATS client exception while not connected: {}", text);
			}
		}

		@Override
		public void slowConsumerDetected(Connection conn, Consumer consumer) {
			logger.warn("NATS slow consumer: messages were dropped ({} pending)", consumer.getPendingMessageCount());
		}

		@Override
		public void messageDiscarded(Connection conn, Message message) {
			logger.warn("NATS discarded an outgoing message on '{}'", message.getSubject());
		}

	}

	/** Ours first, then the one a customizer set. */
	private record ChainedEvents(ConnectionListener first, ConnectionListener second) implements ConnectionListener {

		@Override
		@Deprecated
		public void connectionEvent(Connection conn, Events type) {
			connectionEvent(conn, type, System.currentTimeMillis(), null);
		}

		@Override
		public void connectionEvent(Connection conn, Events type, @Nullable Long time, @Nullable String uriDetails) {
			this.first.connectionEvent(conn, type, time, uriDetails);
			this.second.connectionEvent(conn, type, time, uriDetails);
		}

	}

	/** Ours first, then the one a customizer set. */
	private record ChainedErrors(ErrorListener first, ErrorListener second) implements ErrorListener {

		@Override
		public void errorOccurred(Connection conn, String error) {
			this.first.errorOccurred(conn, error);
			this.second.errorOccurred(conn, error);
		}

		@Override
		public void exceptionOccurred(Connection conn, Exception exception) {
			this.first.exceptionOccurred(conn, exception);
			this.second.exceptionOccurred(conn, exception);
		}

		@Override
		public void slowConsumerDetected(Connection conn, Consumer consumer) {
			this.first.slowConsumerDetected(conn, consumer);
			this.second.slowConsumerDetected(conn, consumer);
		}

		@Override
		public void messageDiscarded(Connection conn, Message message) {
			this.first.messageDiscarded(conn, message);
			this.second.messageDiscarded(conn, message);
		}

		@Override
		public void socketWriteTimeout(Connection conn) {
			this.first.socketWriteTimeout(conn);
			this.second.socketWriteTimeout(conn);
		}

	}

}
