package io.github.moleculerspring.transport;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Moves packets between nodes: subject-based publish/subscribe with optional queue groups, as NATS
 * provides. Implementations deliver each message to the listener on their own thread, in order per
 * subscription, and must never call user code; the broker parses and handles packets elsewhere.
 */
public interface Transporter {

	/** A short name for logs and health ({@code NATS}, {@code Local}). */
	String name();

	/**
	 * Connects. The listener receives messages and connection-state changes from now on.
	 * @param listener the listener
	 * @return completes when the first connection is established
	 */
	CompletableFuture<Void> connect(TransporterListener listener);

	/**
	 * Flushes pending messages and closes the connection.
	 * @return completes when closed
	 */
	CompletableFuture<Void> disconnect();

	/** Whether the connection is up now. */
	boolean isConnected();

	/**
	 * Subscribes to a subject.
	 * @param subject the subject ({@code *} and {@code >} wildcards as in NATS)
	 * @param queueGroup the queue group, or {@code null} for a plain subscription
	 * @return the subscription
	 */
	Subscription subscribe(String subject, @Nullable String queueGroup);

	/**
	 * Subscribes to a subject for reading by the caller's own thread ({@link PullSubscription#next}),
	 * instead of delivery to the listener: the node's pollers read its own subjects this way, so a
	 * packet is handed from the transport's reader straight to the thread that handles it.
	 * @param subject the subject (no wildcards needed)
	 * @param queueGroup the queue group, or {@code null} for a plain subscription
	 * @return the subscription, or {@code null} when this transporter cannot pull (then the caller
	 * {@link #subscribe subscribes} instead)
	 * @throws io.github.moleculerspring.error.BrokerDisconnectedError when not connected
	 */
	default @Nullable PullSubscription pull(String subject, @Nullable String queueGroup) {
		return null;
	}

	/**
	 * Publishes a message without waiting.
	 * @param subject the subject
	 * @param payload the payload; not modified afterwards by the caller
	 * @throws io.github.moleculerspring.error.BrokerDisconnectedError when not connected
	 * @throws io.github.moleculerspring.error.MoleculerError when the payload is too large
	 */
	void publish(String subject, byte[] payload);

	/**
	 * Makes sure published messages have reached the server.
	 * @return completes when flushed
	 */
	default CompletableFuture<Void> flush() {
		return CompletableFuture.completedFuture(null);
	}

	/**
	 * Publishes a message and tells whether anyone subscribes to its subject, without waiting for a
	 * reply: a presence probe (a node whose process died has no subscriptions left on the server,
	 * even before its heartbeats are missed).
	 * @param subject the subject
	 * @param payload the payload, delivered to the subscribers as a normal message
	 * @param timeout how long to wait for the answer
	 * @return {@code false} when the server reports no subscriber; {@code true} when there is one or
	 * the transport cannot tell
	 */
	default CompletableFuture<Boolean> probe(String subject, byte[] payload, java.time.Duration timeout) {
		publish(subject, payload);
		return CompletableFuture.completedFuture(true);
	}

	/** The largest payload the transport accepts, in bytes. */
	default long maxPayloadBytes() {
		return Long.MAX_VALUE;
	}

	/**
	 * A subscription read by its own thread. Messages wait in a bounded queue of the transporter
	 * until read (beyond its limits the transporter drops and reports them, as for a slow
	 * subscriber); {@link #unsubscribe()} ends it, and a {@link #next} waiting then returns.
	 */
	interface PullSubscription extends Subscription {

		/** The subject it reads. */
		String subject();

		/**
		 * Waits for the next message.
		 * @param timeoutMillis how long to wait at most, at least 1
		 * @return its payload, or {@code null} when none came in time or the subscription ended
		 * @throws InterruptedException when the thread is interrupted
		 */
		byte @Nullable [] next(long timeoutMillis) throws InterruptedException;

		/** Whether it still receives: {@code false} once unsubscribed or its connection closed for good. */
		boolean isActive();

	}

	/** A handle on a subscription. */
	@FunctionalInterface
	interface Subscription {

		/** Stops the subscription. */
		void unsubscribe();

	}

}
