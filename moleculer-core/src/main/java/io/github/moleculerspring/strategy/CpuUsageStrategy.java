package io.github.moleculerspring.strategy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Picks the endpoint whose node reported the lowest CPU usage in its last HEARTBEAT, looking at
 * {@code sampleCount} random endpoints (default 3) and taking at once one under
 * {@code lowCpuUsage} percent (default 10), as Moleculer does.
 */
public final class CpuUsageStrategy implements Strategy {

	private final int sampleCount;

	private final int lowCpuUsage;

	public CpuUsageStrategy(Map<String, Object> options) {
		this.sampleCount = StrategyOptions.integer(options, "sampleCount", 3);
		this.lowCpuUsage = StrategyOptions.integer(options, "lowCpuUsage", 10);
	}

	@Override
	public <E extends Candidate> E select(List<E> endpoints, @Nullable Context ctx) {
		int size = endpoints.size();
		int count = (this.sampleCount <= 0 || this.sampleCount > size) ? size : this.sampleCount;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		E best = null;
		int bestCpu = Integer.MAX_VALUE;
		for (int i = 0; i < count; i++) {
			E endpoint = (count == size) ? endpoints.get(i) : endpoints.get(random.nextInt(size));
			Integer cpu = endpoint.nodeCpu();
			if (cpu != null) {
				if (cpu < this.lowCpuUsage) {
					return endpoint;
				}
				if (cpu < bestCpu) {
					best = endpoint;
					bestCpu = cpu;
				}
			}
		}
		return (best != null) ? best : endpoints.get(random.nextInt(size));
	}

}
