package io.github.moleculerspring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static io.github.moleculerspring.registry.RegistryFixtures.action;
import static io.github.moleculerspring.registry.RegistryFixtures.info;
import static io.github.moleculerspring.registry.RegistryFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node catalog on its own: what an INFO does to its sender, heartbeats and signs of life,
 * expiry, disconnects and the clean-up of long-offline nodes, on a clock the test moves.
 */
class NodeCatalogTests {

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final NodeCatalog nodes = new NodeCatalog("me", this.clock::get);

	@Test
	void startsWithTheLocalNodeOnly() {
		assertThat(this.nodes.list()).containsExactly(this.nodes.localNode());
		assertThat(this.nodes.localNode().id()).isEqualTo("me");
		assertThat(this.nodes.localNode().isLocal()).isTrue();
		assertThat(this.nodes.localNode().isAvailable()).isTrue();
		assertThat(this.nodes.get("me")).isSameAs(this.nodes.localNode());
		assertThat(this.nodes.get("other")).isNull();
	}

	@Test
	void anInfoFromAnUnknownNodeConnectsIt() {
		NodeCatalog.InfoResult result = this.nodes
			.processNodeInfo(info("n1", 3, "i-1", service("math", List.of(action("math.add")), List.of())));

		assertThat(result.outcome()).isEqualTo(Registry.InfoOutcome.CONNECTED);
		assertThat(result.servicesChanged()).isTrue();
		Node node = result.node();
		assertThat(this.nodes.get("n1")).isSameAs(node);
		assertThat(node.isLocal()).isFalse();
		assertThat(node.isAvailable()).isTrue();
		assertThat(node.seq()).isEqualTo(3);
		assertThat(node.instanceID()).isEqualTo("i-1");
		assertThat(node.hostname()).isEqualTo("n1-host");
		assertThat(node.services()).extracting((info) -> info.name()).containsExactly("math");
		assertThat(node.lastHeartbeatMillis()).isEqualTo(1_000_000);
		assertThat(this.nodes.list()).hasSize(2);
	}

	@Test
	void anInfoReplacesTheServicesOnlyWithAHigherSeqOrAnotherInstance() {
		this.nodes.processNodeInfo(info("n1", 2, "i-1"));

		NodeCatalog.InfoResult same = this.nodes
			.processNodeInfo(info("n1", 2, "i-1", service("math", List.of(action("math.add")), List.of())));
		assertThat(same.outcome()).isEqualTo(Registry.InfoOutcome.UPDATED);
		assertThat(same.servicesChanged()).isFalse();
		assertThat(same.node().services()).isEmpty();

		NodeCatalog.InfoResult older = this.nodes.processNodeInfo(info("n1", 1, "i-1"));
		assertThat(older.servicesChanged()).isFalse();
		assertThat(older.node().seq()).isEqualTo(2);

		NodeCatalog.InfoResult newer = this.nodes
			.processNodeInfo(info("n1", 3, "i-1", service("math", List.of(action("math.add")), List.of())));
		assertThat(newer.outcome()).isEqualTo(Registry.InfoOutcome.UPDATED);
		assertThat(newer.servicesChanged()).isTrue();
		assertThat(newer.node().seq()).isEqualTo(3);
		assertThat(newer.node().services()).hasSize(1);

		NodeCatalog.InfoResult restarted = this.nodes.processNodeInfo(info("n1", 1, "i-2"));
		assertThat(restarted.servicesChanged()).isTrue();
		assertThat(restarted.node().instanceID()).isEqualTo("i-2");
		assertThat(restarted.node().seq()).isEqualTo(1);
		assertThat(restarted.node().services()).isEmpty();
	}

	@Test
	void aNodeRegisteredThenExpiredGoesOfflineAndIsForgottenLater() {
		this.nodes.processNodeInfo(info("n1", 1, "i-1"));
		assertThat(this.nodes.expired(5_000)).isEmpty();

		this.clock.addAndGet(5_001);
		assertThat(this.nodes.expired(5_000)).extracting(Node::id).containsExactly("n1");

		Node node = this.nodes.disconnected("n1");
		assertThat(node).isSameAs(this.nodes.get("n1"));
		assertThat(node.isAvailable()).isFalse();
		assertThat(node.offlineSince()).isEqualTo(1_005_001);
		assertThat(node.seq()).isEqualTo(2);
		assertThat(this.nodes.expired(5_000)).isEmpty();
		assertThat(this.nodes.disconnected("n1")).as("already offline").isNull();

		assertThat(this.nodes.removeOffline(60_000)).isEmpty();
		this.clock.addAndGet(60_000);
		assertThat(this.nodes.removeOffline(60_000)).containsExactly(node);
		assertThat(this.nodes.get("n1")).isNull();
		assertThat(this.nodes.list()).containsExactly(this.nodes.localNode());
	}

	@Test
	void anOfflineNodeThatSendsAnInfoReconnects() {
		this.nodes.processNodeInfo(info("n1", 1, "i-1"));
		this.nodes.disconnected("n1");
		this.clock.addAndGet(1_000);

		NodeCatalog.InfoResult result = this.nodes.processNodeInfo(info("n1", 1, "i-1"));

		assertThat(result.outcome()).isEqualTo(Registry.InfoOutcome.RECONNECTED);
		assertThat(result.servicesChanged()).isTrue();
		assertThat(result.node().isAvailable()).isTrue();
		assertThat(result.node().offlineSince()).isNull();
		assertThat(result.node().lastHeartbeatMillis()).isEqualTo(1_001_000);
	}

	@Test
	void aHeartbeatAsksForAnInfoUnlessTheNodeIsKnownOnlineAndCurrent() {
		assertThat(this.nodes.heartbeat("n1", 10, 1L, "i-1")).as("unknown").isTrue();
		this.nodes.processNodeInfo(info("n1", 1, "i-1"));

		assertThat(this.nodes.heartbeat("n1", 10, 2L, "i-1")).as("another seq").isTrue();
		assertThat(this.nodes.heartbeat("n1", 10, 1L, "i-2")).as("another instance").isTrue();
		assertThat(this.nodes.get("n1").cpu()).as("not recorded when an INFO is asked for").isNull();

		this.clock.addAndGet(2_000);
		assertThat(this.nodes.heartbeat("n1", 42, 1L, "i-1")).isFalse();
		assertThat(this.nodes.heartbeat("n1", null, null, null)).as("nothing to compare").isFalse();
		Node node = this.nodes.get("n1");
		assertThat(node.cpu()).isEqualTo(42);
		assertThat(node.lastHeartbeatMillis()).isEqualTo(1_002_000);

		this.nodes.disconnected("n1");
		assertThat(this.nodes.heartbeat("n1", 10, 2L, "i-1")).as("offline").isTrue();
	}

	@Test
	void anyPacketIsASignOfLifeButNeverMovesTimeBack() {
		this.nodes.processNodeInfo(info("n1", 1, "i-1"));
		this.clock.addAndGet(4_000);
		this.nodes.touch("n1");
		assertThat(this.nodes.get("n1").lastHeartbeatMillis()).isEqualTo(1_004_000);

		this.nodes.touchAll(1_002_000);
		assertThat(this.nodes.get("n1").lastHeartbeatMillis()).isEqualTo(1_004_000);
		this.nodes.touchAll(1_009_000);
		assertThat(this.nodes.get("n1").lastHeartbeatMillis()).isEqualTo(1_009_000);

		this.nodes.disconnected("n1");
		this.nodes.touch("n1");
		this.nodes.touchAll(1_020_000);
		assertThat(this.nodes.get("n1").lastHeartbeatMillis()).as("offline nodes are not touched")
			.isEqualTo(1_009_000);
		assertThat(this.nodes.localNode().lastHeartbeatMillis()).as("nor is the local node").isEqualTo(1_000_000);
	}

	@Test
	void onlyAnOnlineRemoteNodeCanBeDisconnected() {
		assertThat(this.nodes.disconnected("me")).isNull();
		assertThat(this.nodes.disconnected("unknown")).isNull();
		assertThat(this.nodes.localNode().isAvailable()).isTrue();
	}

	@Test
	void theLocalNodeTakesItsOwnDescriptionAndCpu() {
		this.nodes.updateLocal("i-me", List.of(service("math", List.of(action("math.add")), List.of())), 7,
				Map.of("type", "java"), Map.of("region", "eu"), List.of("10.0.0.9"), "me-host", "5");
		this.nodes.updateLocalCpu(12);

		Node local = this.nodes.localNode();
		assertThat(local.instanceID()).isEqualTo("i-me");
		assertThat(local.seq()).isEqualTo(7);
		assertThat(local.services()).hasSize(1);
		assertThat(local.client()).containsEntry("type", "java");
		assertThat(local.metadata()).containsEntry("region", "eu");
		assertThat(local.ipList()).containsExactly("10.0.0.9");
		assertThat(local.hostname()).isEqualTo("me-host");
		assertThat(local.protocolVersion()).isEqualTo("5");
		assertThat(local.cpu()).isEqualTo(12);
	}

}
