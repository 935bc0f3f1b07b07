package io.github.moleculerspring.strategy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One {@link LatencyMonitor} per broker, kept in its {@link StrategyHost}; it pings what the host lists. */
class LatencyMonitorTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stop() {
		this.scheduler.shutdownNow();
	}

	@Test
	void oneMonitorPerHost() {
		FakeHost first = new FakeHost();
		FakeHost second = new FakeHost();
		LatencyMonitor monitor = LatencyMonitor.of(first, 5, 10_000);
		assertThat(LatencyMonitor.of(first, 3, 5_000)).isSameAs(monitor);
		assertThat(new LatencyStrategy(Map.of(), first)).isNotNull();
		assertThat(first.shared).containsOnlyKeys(LatencyMonitor.class).containsValue(monitor);
		assertThat(LatencyMonitor.of(second, 5, 10_000)).isNotSameAs(monitor);
	}

	@Test
	void pingsAvailableNodesAndForgetsUnavailableOnes() {
		FakeHost host = new FakeHost();
		host.nodes.put("remote", true);
		LatencyMonitor monitor = LatencyMonitor.of(host, 5, 100);
		await().atMost(Duration.ofSeconds(10)).until(() -> Double.valueOf(7).equals(monitor.average("remote")));
		host.nodes.put("remote", false);
		await().atMost(Duration.ofSeconds(10)).until(() -> monitor.average("remote") == null);
	}

	private final class FakeHost implements StrategyHost {

		final Map<String, Boolean> nodes = new ConcurrentHashMap<>();

		final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

		@Override
		public String nodeID() {
			return "local";
		}

		@Override
		public ScheduledExecutorService scheduler() {
			return LatencyMonitorTests.this.scheduler;
		}

		@Override
		public boolean isStarted() {
			return true;
		}

		@Override
		public Map<String, Boolean> remoteNodes() {
			return Map.copyOf(this.nodes);
		}

		@Override
		public CompletableFuture<Long> ping(String nodeID, Duration timeout) {
			return CompletableFuture.completedFuture(7L);
		}

		@Override
		public <T> T shared(Class<T> key, Supplier<T> factory) {
			return key.cast(this.shared.computeIfAbsent(key, (k) -> factory.get()));
		}

	}

}
