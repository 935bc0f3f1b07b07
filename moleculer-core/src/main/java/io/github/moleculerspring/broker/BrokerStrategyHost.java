package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.strategy.StrategyHost;

/**
 * The {@link StrategyHost} of one {@link ServiceBroker}: what its strategies may use of it, and the
 * objects they share within this broker.
 */
final class BrokerStrategyHost implements StrategyHost {

	private final ServiceBroker broker;

	private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

	BrokerStrategyHost(ServiceBroker broker) {
		this.broker = broker;
	}

	@Override
	public String nodeID() {
		return this.broker.nodeID();
	}

	@Override
	public ScheduledExecutorService scheduler() {
		return this.broker.scheduler();
	}

	@Override
	public boolean isStarted() {
		return this.broker.isStarted();
	}

	@Override
	public Map<String, Boolean> remoteNodes() {
		Map<String, Boolean> nodes = new LinkedHashMap<>();
		for (Node node : this.broker.registry().nodes()) {
			if (!node.isLocal()) {
				nodes.put(node.id(), node.isAvailable());
			}
		}
		return nodes;
	}

	@Override
	public CompletableFuture<Long> ping(String nodeID, Duration timeout) {
		return this.broker.ping(nodeID, timeout).thenApply(ServiceBroker.PingResult::elapsedTime);
	}

	@Override
	public <T> T shared(Class<T> key, Supplier<T> factory) {
		return key.cast(this.shared.computeIfAbsent(key, (k) -> Objects.requireNonNull(factory.get())));
	}

}
