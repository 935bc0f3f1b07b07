package io.github.moleculerspring.autoconfigure;

import java.util.concurrent.CompletionException;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ServiceBroker} with the application context and stops it gracefully on
 * shutdown. Its phase, {@link #PHASE}, is below the web server's, so the broker starts (services
 * started and announced) before the server accepts requests, and stops only after the server has
 * drained them: in-flight calls still reach the broker.
 */
public class MoleculerBrokerLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MoleculerBrokerLifecycle.class);

	/** The phase: {@code DEFAULT_PHASE - 3072}, before the web server's start and after its stop. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

	private final ServiceBroker broker;

	private volatile boolean running;

	public MoleculerBrokerLifecycle(ServiceBroker broker) {
		this.broker = broker;
	}

	/**
	 * Starts the broker and waits until it has started: transporter connected, local services
	 * started and announced.
	 */
	@Override
	public void start() {
		try {
			this.broker.start().join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException("Moleculer broker '" + this.broker.nodeID() + "' failed to start",
					MoleculerErrors.unwrap(ex));
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

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
