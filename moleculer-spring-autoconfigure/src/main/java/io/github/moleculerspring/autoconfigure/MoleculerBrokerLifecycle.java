package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ServiceBroker} with the application context and stops it gracefully on
 * shutdown. Its phase, {@link #PHASE}, is below the web server's, so the broker starts (services
 * started and announced) before the server accepts requests, and stops only after the server has
 * drained them: in-flight calls still reach the broker. Startup waits at most the start timeout
 * ({@code moleculer.start-timeout}), so an unreachable transporter fails the application with a
 * clear message instead of holding it forever.
 */
public class MoleculerBrokerLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MoleculerBrokerLifecycle.class);

	/** The phase: {@code DEFAULT_PHASE - 3072}, before the web server's start and after its stop. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private final ServiceBroker broker;

	private final Duration startTimeout;

	private volatile boolean running;

	/**
	 * Creates a lifecycle that waits for the broker's start as long as it takes.
	 * @param broker the broker
	 */
	public MoleculerBrokerLifecycle(ServiceBroker broker) {
		this(broker, Duration.ZERO);
	}

	/**
	 * Creates a lifecycle that fails startup if the broker has not started within the timeout.
	 * @param broker the broker
	 * @param startTimeout the longest wait for the broker's start; zero means no limit
	 */
	public MoleculerBrokerLifecycle(ServiceBroker broker, Duration startTimeout) {
		if (startTimeout.isNegative()) {
			throw new IllegalArgumentException("The start timeout must not be negative: " + startTimeout);
		}
		this.broker = broker;
		this.startTimeout = startTimeout;
	}

	/**
	 * Starts the broker and waits until it has started: transporter connected, local services
	 * started and announced. If that takes longer than the start timeout, the broker is stopped
	 * and startup fails.
	 * @throws IllegalStateException if the broker failed to start or did not start in time
	 */
	@Override
	public void start() {
		CompletableFuture<Void> started = this.broker.start();
		try {
			if (this.startTimeout.isZero()) {
				started.get();
			}
			else {
				started.get(this.startTimeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException | CompletionException ex) {
			throw new IllegalStateException("Moleculer broker '" + this.broker.nodeID() + "' failed to start",
					MoleculerErrors.unwrap(ex));
		}
		catch (TimeoutException ex) {
			this.broker.stop();
			throw new IllegalStateException("Moleculer broker '" + this.broker.nodeID() + "' did not start within "
					+ this.startTimeout + " (moleculer.start-timeout): is the transporter reachable?");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.broker.stop();
			throw new IllegalStateException("Interrupted while starting Moleculer broker '" + this.broker.nodeID() + "'");
		}
		this.running = true;
	}

	/**
	 * Stops the broker and waits until it has stopped.
	 */
	@Override
	public void stop() {
		this.running = false;
		try {
			this.broker.stop().join();
		}
		catch (CompletionException ex) {
			logger.warn("Moleculer broker '{}' did not stop cleanly", this.broker.nodeID(), MoleculerErrors.unwrap(ex));
		}
	}

	/**
	 * Stops the broker gracefully (services withdrawn, in-flight requests finished, DISCONNECT
	 * sent) and runs the callback when it has stopped, without blocking the caller.
	 * @param callback the callback of the lifecycle processor
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.broker.stop().whenComplete((result, ex) -> {
			if (ex != null) {
				logger.warn("Moleculer broker '{}' did not stop cleanly", this.broker.nodeID(),
						MoleculerErrors.unwrap(ex));
			}
			callback.run();
		});
	}

	/**
	 * Not pauseable: a stopped broker has left the cluster for good (its services withdrawn, its
	 * executor shut down), so {@code ConfigurableApplicationContext.pause()} (used by the test
	 * context cache between test classes) leaves it running; only closing the context stops it.
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
