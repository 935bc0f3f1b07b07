package io.github.moleculerspring.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness: sends this node's HEARTBEAT every interval (with a fixed random jitter of up to
 * 500 ms, as Moleculer does), marks peers offline whose last HEARTBEAT is older than the timeout,
 * and forgets peers that stayed offline too long.
 *
 * <p>
 * Peers are checked every second rather than every {@code heartbeatTimeout} as in Moleculer, so a
 * silent peer is declared offline after the timeout and not up to twice the timeout.
 */
public final class Discoverer {

	private static final Logger logger = LoggerFactory.getLogger(Discoverer.class);

	private final Registry registry;

	private final ScheduledExecutorService scheduler;

	private final Duration interval;

	private final Duration timeout;

	private final Duration cleanOfflineAfter;

	private final IntConsumer heartbeatSender;

	private final List<ScheduledFuture<?>> timers = new ArrayList<>();

	/**
	 * Creates a discoverer.
	 * @param registry the registry
	 * @param scheduler the timer
	 * @param interval the heartbeat interval; zero disables heartbeats and checks
	 * @param timeout the heartbeat timeout
	 * @param cleanOfflineAfter how long an offline node stays known
	 * @param heartbeatSender sends a HEARTBEAT with the given CPU usage
	 */
	public Discoverer(Registry registry, ScheduledExecutorService scheduler, Duration interval, Duration timeout,
			Duration cleanOfflineAfter, IntConsumer heartbeatSender) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.interval = interval;
		this.timeout = timeout;
		this.cleanOfflineAfter = cleanOfflineAfter;
		this.heartbeatSender = heartbeatSender;
	}

	/** Starts the timers. */
	public synchronized void start() {
		stop();
		if (this.interval.isZero() || this.interval.isNegative()) {
			return;
		}
		long intervalMillis = this.interval.toMillis();
		long jitter = Math.min(500, intervalMillis / 10);
		long period = intervalMillis + ((jitter > 0) ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
		this.timers.add(this.scheduler.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS));
		long check = Math.max(100, Math.min(1000, this.timeout.toMillis() / 10));
		this.timers.add(this.scheduler.scheduleWithFixedDelay(this::checkRemoteNodes, check, check, TimeUnit.MILLISECONDS));
		long clean = Math.max(1000, Math.min(60_000, this.cleanOfflineAfter.toMillis() / 2));
		this.timers.add(this.scheduler.scheduleWithFixedDelay(this::checkOfflineNodes, clean, clean, TimeUnit.MILLISECONDS));
	}

	/** Stops the timers. */
	public synchronized void stop() {
		for (ScheduledFuture<?> timer : this.timers) {
			timer.cancel(false);
		}
		this.timers.clear();
	}

	/** Sends a HEARTBEAT now. */
	public void beat() {
		try {
			int cpu = CpuUsage.current();
			this.registry.updateLocalCpu(cpu);
			this.heartbeatSender.accept(cpu);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not send the heartbeat", ex);
		}
	}

	/** Marks peers offline whose heartbeat is overdue. */
	public void checkRemoteNodes() {
		try {
			for (Node node : this.registry.expiredNodes(this.timeout.toMillis())) {
				logger.warn("Heartbeat is not received from '{}' node for {} s; it is now offline.", node.id(),
						this.timeout.toSeconds());
				this.registry.nodeDisconnected(node.id(), true);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the remote nodes", ex);
		}
	}

	/** Forgets peers that stayed offline too long. */
	public void checkOfflineNodes() {
		try {
			for (Node node : this.registry.removeOfflineNodes(this.cleanOfflineAfter.toMillis())) {
				logger.info("Removed offline node '{}' from the registry after {} without heartbeat.", node.id(),
						this.cleanOfflineAfter);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not clean offline nodes", ex);
		}
	}

}
