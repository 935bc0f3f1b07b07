package io.github.moleculerspring.strategy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Measures the round trip to every online node by PING/PONG every {@code pingInterval} seconds and
 * keeps the average of the last {@code collectCount} samples. One monitor per broker serves every
 * {@link LatencyStrategy}.
 *
 * <p>
 * Moleculer pings one node per host and shares the figure between the host's nodes; this monitor
 * measures each node, which tells apart nodes on the same host (a loaded process answers slower
 * than its idle neighbour) at the cost of one small packet per node and interval.
 */
final class LatencyMonitor {

	private final StrategyHost host;

	private final int collectCount;

	private final long pingIntervalMillis;

	private final Map<String, Deque<Long>> samples = new ConcurrentHashMap<>();

	private final Map<String, Double> averages = new ConcurrentHashMap<>();

	private LatencyMonitor(StrategyHost host, int collectCount, long pingIntervalMillis) {
		this.host = host;
		this.collectCount = Math.max(1, collectCount);
		this.pingIntervalMillis = Math.max(100, pingIntervalMillis);
	}

	/**
	 * The monitor of a broker: the first strategy's options create it, later ones share it.
	 */
	static LatencyMonitor of(StrategyHost host, int collectCount, long pingIntervalMillis) {
		return host.shared(LatencyMonitor.class, () -> {
			LatencyMonitor monitor = new LatencyMonitor(host, collectCount, pingIntervalMillis);
			monitor.schedule(Math.min(1000, pingIntervalMillis));
			return monitor;
		});
	}

	/** The average round trip to a node in milliseconds, or {@code null} when not measured yet. */
	@Nullable Double average(String nodeID) {
		return this.averages.get(nodeID);
	}

	private void schedule(long delayMillis) {
		try {
			this.host.scheduler().schedule(this::pingAll, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the broker stopped
		}
	}

	private void pingAll() {
		if (this.host.isStarted()) {
			this.host.remoteNodes().forEach((nodeID, available) -> {
				if (available) {
					this.host.ping(nodeID, Duration.ofMillis(this.pingIntervalMillis))
						.thenAccept((elapsed) -> record(nodeID, elapsed));
				}
				else {
					this.samples.remove(nodeID);
					this.averages.remove(nodeID);
				}
			});
		}
		schedule(this.pingIntervalMillis);
	}

	void record(String nodeID, long elapsedMillis) {
		Deque<Long> history = this.samples.computeIfAbsent(nodeID, (k) -> new ArrayDeque<>());
		synchronized (history) {
			if (history.size() >= this.collectCount) {
				history.removeFirst();
			}
			history.addLast(elapsedMillis);
			double sum = 0;
			for (long sample : history) {
				sum += sample;
			}
			this.averages.put(nodeID, sum / history.size());
		}
	}

}
