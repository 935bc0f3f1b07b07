package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.registry.Discoverer;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.Transit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's state (created, starting, started, stopping, stopped) and the order of its start
 * and graceful stop: connect, wait for discovery, start the services, announce them; withdraw
 * them, wait for peers to notice, refuse and drain incoming requests, stop the services,
 * disconnect, release the threads. Each runs once; a stopped broker cannot start again.
 */
final class BrokerLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private enum State {

		CREATED, STARTING, STARTED, STOPPING, STOPPED

	}

	private final ServiceBroker broker;

	private final BrokerThreads threads;

	private final InfoAnnouncer info;

	private final IncomingRequests requests;

	private final MiddlewareChain middlewares;

	private final Runnable releaseNodeID;

	private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);

	private volatile boolean refusing;

	private volatile @Nullable CompletableFuture<Void> startFuture;

	private volatile @Nullable CompletableFuture<Void> stopFuture;

	BrokerLifecycle(ServiceBroker broker, BrokerThreads threads, InfoAnnouncer info, IncomingRequests requests,
			MiddlewareChain middlewares, Runnable releaseNodeID) {
		this.broker = broker;
		this.threads = threads;
		this.info = info;
		this.requests = requests;
		this.middlewares = middlewares;
		this.releaseNodeID = releaseNodeID;
	}

	/** Whether the broker has started and not begun stopping. */
	boolean isStarted() {
		return this.state.get() == State.STARTED;
	}

	/** Whether the broker has stopped. */
	boolean isStopped() {
		return this.state.get() == State.STOPPED;
	}

	/** Whether incoming requests and events are refused: the broker is stopping or stopped. */
	boolean refusing() {
		return this.refusing || this.state.get() == State.STOPPED;
	}

	/** The state's name, for {@code toString}. */
	String stateName() {
		return this.state.get().name();
	}

	/** Starts the broker; see {@link ServiceBroker#start()}. */
	synchronized CompletableFuture<Void> start() {
		if (this.startFuture != null) {
			return this.startFuture;
		}
		if (!this.state.compareAndSet(State.CREATED, State.STARTING)) {
			return CompletableFuture.failedFuture(new IllegalStateException("A stopped broker cannot be started again"));
		}
		long begin = System.nanoTime();
		this.info.updateLocalNode();
		Transit transit = this.broker.transit();
		CompletableFuture<Void> connected;
		if (transit != null) {
			long wait = this.broker.options().discoveryWait().toMillis();
			connected = transit.connect()
				.thenCompose((v) -> this.threads.delay(wait));
		}
		else {
			connected = CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> started = connected.thenRunAsync(() -> {
			for (ServiceDefinition definition : this.broker.registry().localServiceDefinitions()) {
				if (definition.started() != null) {
					definition.started().run();
				}
			}
			this.state.set(State.STARTED);
			this.info.announce();
			this.info.updateLocalNode();
			if (transit != null) {
				transit.broadcastInfo();
				this.broker.discoverer().start();
			}
			this.middlewares.started(this.broker);
			logger.info("ServiceBroker '{}' with {} service(s) started in {} ms ({}).", this.broker.nodeID(),
					this.broker.registry().localServiceDefinitions().size(), (System.nanoTime() - begin) / 1_000_000,
					(transit != null) ? transit.transporter().name() + " transporter, protocol v" + transit.ver()
							: "no transporter");
			this.broker.broadcastLocal("$broker.started", null);
		}, this.threads.executor());
		this.startFuture = started;
		return started;
	}

	/** Stops the broker gracefully; see {@link ServiceBroker#stop()}. */
	synchronized CompletableFuture<Void> stop() {
		if (this.stopFuture != null) {
			return this.stopFuture;
		}
		State previous = this.state.getAndSet(State.STOPPING);
		if (previous == State.CREATED) {
			this.state.set(State.STOPPED);
			release();
			this.stopFuture = CompletableFuture.completedFuture(null);
			return this.stopFuture;
		}
		BrokerOptions options = this.broker.options();
		Transit transit = this.broker.transit();
		CompletableFuture<Void> starting = (this.startFuture != null) ? this.startFuture
				: CompletableFuture.completedFuture(null);
		if (previous == State.STARTING && !starting.isDone() && transit != null
				&& !transit.transporter().isConnected()) {
			// Still trying to reach the transporter, which may never come: give up connecting
			// (the start fails with BrokerDisconnectedError) rather than wait for it.
			logger.info("Broker '{}' stops while still connecting: connection attempts abandoned",
					this.broker.nodeID());
			transit.disconnect();
		}
		CompletableFuture<Void> stopped = starting.exceptionally((ex) -> null)
			.thenRun(this::withdraw)
			.thenCompose((v) -> this.threads.delay(options.stopDelay().toMillis()))
			.thenRun(() -> this.refusing = true)
			.thenCompose((v) -> this.requests.awaitDrained(System.nanoTime() + options.shutdownTimeout().toNanos()))
			.thenRunAsync(this::stopServices, this.threads.executor())
			.thenCompose((v) -> (transit != null) ? transit.disconnect().exceptionally((ex) -> {
				logger.warn("Could not disconnect the transporter cleanly", ex);
				return null;
			}) : CompletableFuture.completedFuture(null))
			.whenComplete((v, ex) -> {
				this.state.set(State.STOPPED);
				this.middlewares.stopped(this.broker);
				release();
				logger.info("ServiceBroker '{}' stopped.", this.broker.nodeID());
			});
		this.stopFuture = stopped;
		return stopped;
	}

	/** Stops the broker and waits for it (at most the shutdown timeout plus a margin). */
	void close() {
		try {
			stop().get(this.broker.options().shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Broker '{}' did not stop cleanly", this.broker.nodeID(), ex);
		}
	}

	private void withdraw() {
		this.info.withdraw();
		Discoverer discoverer = this.broker.discoverer();
		if (discoverer != null) {
			discoverer.stop();
		}
		Transit transit = this.broker.transit();
		if (transit != null && transit.isConnected()) {
			transit.broadcastInfo();
		}
	}

	private void stopServices() {
		for (ServiceDefinition definition : this.broker.registry().localServiceDefinitions()) {
			if (definition.stopped() != null) {
				try {
					definition.stopped().run();
				}
				catch (RuntimeException ex) {
					logger.warn("Service '{}' failed to stop", definition.fullName(), ex);
				}
			}
		}
		this.broker.broadcastLocal("$broker.stopped", null);
	}

	private void release() {
		this.threads.shutdown();
		this.releaseNodeID.run();
	}

}
