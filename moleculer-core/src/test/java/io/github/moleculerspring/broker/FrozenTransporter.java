package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;
import org.jspecify.annotations.Nullable;

/**
 * A transporter whose node can be frozen: its connection and subscriptions stay in place, but it
 * neither handles nor sends anything, as a process stopped by SIGSTOP or a long GC pause.
 */
final class FrozenTransporter implements Transporter {

	private final Transporter delegate;

	private volatile boolean frozen;

	FrozenTransporter(Transporter delegate) {
		this.delegate = delegate;
	}

	void freeze() {
		this.frozen = true;
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
				if (!FrozenTransporter.this.frozen) {
					listener.onMessage(subject, payload);
				}
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
		if (!this.frozen) {
			this.delegate.publish(subject, payload);
		}
	}

}
