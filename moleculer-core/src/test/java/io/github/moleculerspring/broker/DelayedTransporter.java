package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.transport.Transporter;

/** Adds network latency to everything a transporter publishes, as a slow link would. */
final class DelayedTransporter extends ForwardingTransporter {

	private final long delayMillis;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "delayed-link");
		thread.setDaemon(true);
		return thread;
	});

	DelayedTransporter(Transporter delegate, long delayMillis) {
		super(delegate);
		this.delayMillis = delayMillis;
	}

	@Override
	public CompletableFuture<Void> disconnect() {
		this.timer.shutdownNow();
		return this.delegate.disconnect();
	}

	@Override
	public void publish(String subject, byte[] payload) {
		this.timer.schedule(() -> {
			if (this.delegate.isConnected()) {
				this.delegate.publish(subject, payload);
			}
		}, this.delayMillis, TimeUnit.MILLISECONDS);
	}

}
