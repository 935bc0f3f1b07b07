package io.github.moleculerspring.transport.nats;

import java.time.Duration;

import io.github.moleculerspring.transport.Transporter;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * A jnats synchronous subscription read by a poller of the node: jnats's reader thread puts each
 * message in the subscription's queue (bounded by the transporter's pending limits; beyond them
 * jnats drops and reports a slow consumer), the poller takes it out with {@link #next}. jnats
 * re-sends the subscription after a reconnection, as it does for dispatcher subscriptions.
 */
final class NatsPullSubscription implements Transporter.PullSubscription {

	private static final byte[] EMPTY = new byte[0];

	private final Connection connection;

	private final Subscription subscription;

	NatsPullSubscription(Connection connection, Subscription subscription, long pendingMessageLimit,
			long pendingByteLimit) {
		this.connection = connection;
		this.subscription = subscription;
		subscription.setPendingLimits(pendingMessageLimit, pendingByteLimit);
	}

	@Override
	public String subject() {
		return this.subscription.getSubject();
	}

	@Override
	public byte @Nullable [] next(long timeoutMillis) throws InterruptedException {
		Message message;
		try {
			message = this.subscription.nextMessage(Duration.ofMillis(Math.max(1, timeoutMillis)));
		}
		catch (IllegalStateException ex) {
			// Unsubscribed, or the connection closed: nothing more will come. A poller asks isActive() next.
			if (!isActive()) {
				return null;
			}
			throw ex;
		}
		if (message == null) {
			return null;
		}
		byte[] data = message.getData();
		return (data != null) ? data : EMPTY;
	}

	@Override
	public boolean isActive() {
		return this.subscription.isActive() && this.connection.getStatus() != Connection.Status.CLOSED;
	}

	@Override
	public void unsubscribe() {
		try {
			if (this.subscription.isActive()) {
				this.subscription.unsubscribe();
			}
		}
		catch (IllegalStateException ex) {
			// The connection is closed: the subscription is gone with it.
		}
	}

	@Override
	public String toString() {
		return "NatsPullSubscription[" + subject() + "]";
	}

}
