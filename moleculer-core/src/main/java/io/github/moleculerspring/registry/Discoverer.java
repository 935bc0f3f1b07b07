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

	private final java.util.function.Consumer<String> suspicion;

	private final java.util.Map<String, Long> suspects = new java.util.concurrent.ConcurrentHashMap<>();

	private final List<ScheduledFuture<?>> timers = new ArrayList<>();

	/**
	 * Creates a discoverer.
	 * @param registry the registry
	 * @param scheduler the timer
	 * @param interval the heartbeat interval; zero disables heartbeats and checks
	 * @param timeout the heartbeat timeout
	 * @param cleanOfflineAfter how long an offline node stays known
	 * @param heartbeatSender sends a HEARTBEAT with the given CPU usage
	 * @param suspicion asks a node whose heartbeat is overdue for a sign of life (a PING and a
	 * presence probe); it is declared offline only if none arrives within the grace period
	 */
	public Discoverer(Registry registry, ScheduledExecutorService scheduler, Duration interval, Duration timeout,
			Duration cleanOfflineAfter, IntConsumer heartbeatSender, java.util.function.Consumer<String> suspicion) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.interval = interval;
		this.timeout = timeout;
		this.cleanOfflineAfter = cleanOfflineAfter;
		this.heartbeatSender = heartbeatSender;
		this.suspicion = suspicion;
	}

	/** How long a suspected node has to show a sign of life: the heartbeat interval, at most 5 s. */
	Duration grace() {
		return Duration.ofMillis(Math.min(5000, Math.max(100, this.interval.toMillis())));
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
		this.suspects.clear();
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

	/**
	 * Handles peers whose last sign of life is older than the heartbeat timeout: first asks them for
	 * one (PING, presence probe), then declares offline those still silent after the grace period.
	 */
	public void checkRemoteNodes() {
		try {
			long now = System.currentTimeMillis();
			java.util.Set<String> expired = new java.util.HashSet<>();
			for (Node node : this.registry.expiredNodes(this.timeout.toMillis())) {
				expired.add(node.id());
				Long since = this.suspects.putIfAbsent(node.id(), now);
				if (since == null) {
					logger.info("No heartbeat from '{}' for {} ms; asking it for a sign of life.", node.id(),
							now - node.lastHeartbeatMillis());
					this.suspicion.accept(node.id());
				}
				else if (now - since >= grace().toMillis()) {
					this.suspects.remove(node.id());
					logger.warn("Node '{}' gave no sign of life for {} ms (heartbeat timeout {} s); it is now offline.",
							node.id(), now - node.lastHeartbeatMillis(), this.timeout.toSeconds());
					this.registry.nodeDisconnected(node.id(), true);
				}
			}
			this.suspects.keySet().retainAll(expired);
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
