package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;
import org.jspecify.annotations.Nullable;

/**
 * A transporter that passes everything to a real one; a test's link fault (delay, freeze, a
 * reconnect gap) overrides only what it changes: {@link #publish} for outgoing messages,
 * {@link #deliver} for incoming ones.
 */
abstract class ForwardingTransporter implements Transporter {

	protected final Transporter delegate;

	ForwardingTransporter(Transporter delegate) {
		this.delegate = delegate;
	}

	/** Hands an incoming message to the broker's listener; overridden to drop or hold it. */
	protected void deliver(TransporterListener listener, String subject, byte[] payload) {
		listener.onMessage(subject, payload);
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public CompletableFuture<Void> connect(TransporterListener listener) {
		return this.delegate.connect(new TransporterListener() {
			@Override
			public void onMessage(String subject, byte[] payload) {
				deliver(listener, subject, payload);
			}

			@Override
			public void onConnected(boolean reconnected) {
				listener.onConnected(reconnected);
			}

			@Override
			public void onDisconnected() {
				listener.onDisconnected();
			}
		});
	}

	@Override
	public CompletableFuture<Void> disconnect() {
		return this.delegate.disconnect();
	}

	@Override
	public boolean isConnected() {
		return this.delegate.isConnected();
	}

	@Override
	public Subscription subscribe(String subject, @Nullable String queueGroup) {
		return this.delegate.subscribe(subject, queueGroup);
	}

	@Override
	public void publish(String subject, byte[] payload) {
		this.delegate.publish(subject, payload);
	}

}
