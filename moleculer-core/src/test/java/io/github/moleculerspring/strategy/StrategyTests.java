package io.github.moleculerspring.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StrategyTests {

	private final Registry registry = new Registry("me", true, new Registry.Listener() {
		@Override
		public void nodeConnected(Node node, boolean reconnected) {
		}

		@Override
		public void nodeUpdated(Node node) {
		}

		@Override
		public void nodeDisconnected(Node node, boolean unexpected) {
		}

		@Override
		public void servicesChanged(boolean local) {
		}
	}, new Registry.Wiring() {
		@Override
		public ActionInvoker localAction(ActionEndpoint endpoint) {
			return (ctx) -> CompletableFuture.completedFuture(null);
		}

		@Override
		public ActionInvoker remoteAction(ActionEndpoint endpoint) {
			return (ctx) -> CompletableFuture.completedFuture(null);
		}

		@Override
		public EventInvoker localEvent(EventEndpoint endpoint) {
			return (ctx) -> CompletableFuture.completedFuture(null);
		}

		@Override
		public ActionInvoker balancedAction(ActionEndpoint endpoint) {
			return null;
		}

		@Override
		public Strategy strategy(String name, Map<String, Object> descriptor) {
			return new RoundRobinStrategy();
		}
	}, System::currentTimeMillis);

	private List<ActionEndpoint> nodesWithCpu(Map<String, Integer> cpuByNode) {
		for (Map.Entry<String, Integer> node : cpuByNode.entrySet()) {
			Map<String, Object> descriptor = new LinkedHashMap<>(Map.of("name", "s.a", "rawName", "a"));
			ServiceInfo service = new ServiceInfo("s", null, "s", Map.of(), Map.of(),
					Map.of("s.a", new ActionInfo("s.a", descriptor)), Map.of());
			this.registry.processNodeInfo(new InfoPacket(List.of(service), null, node.getKey() + "-host", null, null,
					"i-" + node.getKey(), null, 1L, "5", node.getKey()));
			this.registry.heartbeat(node.getKey(), node.getValue(), null, null);
		}
		return new ArrayList<>(this.registry.getActionEndpoints("s.a").endpoints());
	}

	@Test
	void cpuUsagePicksTheLeastLoadedNode() {
		List<ActionEndpoint> endpoints = nodesWithCpu(Map.of("busy", 90, "calm", 35, "hot", 70));
		CpuUsageStrategy strategy = new CpuUsageStrategy(Map.of("sampleCount", 0));
		for (int i = 0; i < 20; i++) {
			assertThat(strategy.select(endpoints, null).nodeID()).isEqualTo("calm");
		}
	}

	@Test
	void cpuUsageTakesANodeUnderLowCpuUsageAtOnce() {
		List<ActionEndpoint> endpoints = nodesWithCpu(Map.of("idle", 5, "calm", 35));
		CpuUsageStrategy strategy = new CpuUsageStrategy(Map.of("lowCpuUsage", 10, "sampleCount", 0));
		assertThat(strategy.select(endpoints, null).nodeID()).isEqualTo("idle");
	}

	@Test
	void randomReachesEveryEndpoint() {
		List<ActionEndpoint> endpoints = nodesWithCpu(Map.of("x", 1, "y", 1, "z", 1));
		RandomStrategy strategy = new RandomStrategy();
		List<String> picked = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			picked.add(strategy.select(endpoints, null).nodeID());
		}
		assertThat(picked).contains("x", "y", "z");
	}

	@Test
	void shardHashIsMoleculersMd5Prefix() {
		// Values computed with Node.js: parseInt(md5(key).substring(0, 8), 16), as Moleculer's Shard does.
		assertThat(ShardStrategy.hash("user-1", 1L << 32)).isEqualTo(3604443219L);
		assertThat(ShardStrategy.hash("user-42", 1L << 32)).isEqualTo(1982970887L);
		assertThat(ShardStrategy.hash("acme", 1L << 32)).isEqualTo(1404888305L);
		assertThat(ShardStrategy.hash("acme", 1000)).isEqualTo(1404888305L % 1000);
	}

}
