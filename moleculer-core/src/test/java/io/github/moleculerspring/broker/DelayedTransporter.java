package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;
import org.jspecify.annotations.Nullable;

/** Adds network latency to everything a transporter publishes, as a slow link would. */
final class DelayedTransporter implements Transporter {

	private final Transporter delegate;

	private final long delayMillis;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "delayed-link");
		thread.setDaemon(true);
		return thread;
	});

	DelayedTransporter(Transporter delegate, long delayMillis) {
		this.delegate = delegate;
		this.delayMillis = delayMillis;
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public CompletableFuture<Void> connect(TransporterListener listener) {
		return this.delegate.connect(listener);
	}

	@Override
	public CompletableFuture<Void> disconnect() {
		this.timer.shutdownNow();
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
		this.timer.schedule(() -> {
			if (this.delegate.isConnected()) {
				this.delegate.publish(subject, payload);
			}
		}, this.delayMillis, TimeUnit.MILLISECONDS);
	}

}
