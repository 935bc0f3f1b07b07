package io.github.moleculerspring.strategy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.registry.Node;
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

	private static final Map<ServiceBroker, LatencyMonitor> MONITORS = new WeakHashMap<>();

	private final ServiceBroker broker;

	private final int collectCount;

	private final long pingIntervalMillis;

	private final Map<String, Deque<Long>> samples = new ConcurrentHashMap<>();

	private final Map<String, Double> averages = new ConcurrentHashMap<>();

	private LatencyMonitor(ServiceBroker broker, int collectCount, long pingIntervalMillis) {
		this.broker = broker;
		this.collectCount = Math.max(1, collectCount);
		this.pingIntervalMillis = Math.max(100, pingIntervalMillis);
	}

	static synchronized LatencyMonitor of(ServiceBroker broker, int collectCount, long pingIntervalMillis) {
		LatencyMonitor monitor = MONITORS.get(broker);
		if (monitor == null) {
			monitor = new LatencyMonitor(broker, collectCount, pingIntervalMillis);
			MONITORS.put(broker, monitor);
			monitor.schedule(Math.min(1000, pingIntervalMillis));
		}
		return monitor;
	}

	/** The average round trip to a node in milliseconds, or {@code null} when not measured yet. */
	@Nullable Double average(String nodeID) {
		return this.averages.get(nodeID);
	}

	private void schedule(long delayMillis) {
		try {
			this.broker.scheduler().schedule(this::pingAll, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the broker stopped
		}
	}

	private void pingAll() {
		if (this.broker.isStarted()) {
			for (Node node : this.broker.registry().nodes()) {
				if (!node.isLocal() && node.isAvailable()) {
					this.broker.ping(node.id(), Duration.ofMillis(this.pingIntervalMillis))
						.thenAccept((pong) -> record(node.id(), pong.elapsedTime()));
				}
				else if (!node.isAvailable()) {
					this.samples.remove(node.id());
					this.averages.remove(node.id());
				}
			}
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
