package io.github.moleculerspring.strategy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Picks the endpoint with the lowest measured round trip, looking at {@code sampleCount} random
 * endpoints (default 5) and taking at once one under {@code lowLatency} ms (default 10), as
 * Moleculer does. Local endpoints count as zero latency. Latencies come from a
 * {@link LatencyMonitor} that pings every {@code pingInterval} seconds (default 10) and averages
 * the last {@code collectCount} samples (default 5).
 */
public final class LatencyStrategy implements Strategy {

	private final int sampleCount;

	private final double lowLatency;

	private final LatencyMonitor monitor;

	public LatencyStrategy(Map<String, Object> options, StrategyHost host) {
		this.sampleCount = StrategyOptions.integer(options, "sampleCount", 5);
		this.lowLatency = StrategyOptions.number(options, "lowLatency", 10);
		this.monitor = LatencyMonitor.of(host, StrategyOptions.integer(options, "collectCount", 5),
				(long) (StrategyOptions.number(options, "pingInterval", 10) * 1000));
	}

	@Override
	public <E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx) {
		int size = endpoints.size();
		int count = (this.sampleCount <= 0 || this.sampleCount > size) ? size : this.sampleCount;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		E best = null;
		double bestLatency = Double.MAX_VALUE;
		for (int i = 0; i < count; i++) {
			E endpoint = (count == size) ? endpoints.get(i) : endpoints.get(random.nextInt(size));
			Double latency = endpoint.isLocal() ? Double.valueOf(0) : this.monitor.average(endpoint.nodeID());
			if (latency != null) {
				if (latency < this.lowLatency) {
					return endpoint;
				}
				if (latency < bestLatency) {
					best = endpoint;
					bestLatency = latency;
				}
			}
		}
		return (best != null) ? best : endpoints.get(random.nextInt(size));
	}

}
