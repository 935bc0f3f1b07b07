package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Protocol 4 and 5 on one bus: fixed versions ignore each other; {@code auto} nodes stay undecided
 * on 5 among themselves and all lock on to the version of the first node pinned to a version,
 * whatever the start order, and stay there.
 */
class ProtocolVersionTests {

	private final TestCluster cluster = new TestCluster("versions-" + System.nanoTime());

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private static ServiceDefinition echo(String name) {
		return ServiceDefinition.builder(name).action("who", (ctx) -> ctx.broker().nodeID()).build();
	}

	@Test
	void autoJoinsAVersionFourPeerAndReannounces() throws Exception {
		ServiceBroker old = this.cluster.broker("old", (o) -> o.protocolVersion(ProtocolVersion.V4), echo("legacy"));
		old.start().get(30, TimeUnit.SECONDS);
		ServiceBroker auto = this.cluster.broker("auto", (o) -> o.protocolVersion(null), echo("modern"));
		auto.start().get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> old.registry().getActionEndpoints("modern.who") != null
				&& auto.registry().getActionEndpoints("legacy.who") != null);
		assertThat(auto.protocolVersion()).isEqualTo(ProtocolVersion.V4);
		assertThat(old.call("modern.who", null).get(30, TimeUnit.SECONDS)).isEqualTo("auto");
		assertThat(auto.call("legacy.who", null).get(30, TimeUnit.SECONDS)).isEqualTo("old");
	}

	@Test
	void nodesOfDifferentFixedVersionsDoNotSeeEachOther() throws Exception {
		ServiceBroker v4 = this.cluster.broker("v4", (o) -> o.protocolVersion(ProtocolVersion.V4), echo("four"));
		ServiceBroker v5 = this.cluster.broker("v5", (o) -> o.protocolVersion(ProtocolVersion.V5), echo("five"));
		ServiceBroker v5b = this.cluster.broker("v5b", (o) -> o.protocolVersion(ProtocolVersion.V5));
		for (ServiceBroker broker : List.of(v4, v5, v5b)) {
			broker.start().get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> v5b.registry().getActionEndpoints("five.who") != null);
		// Each side has received the other's packets and dropped them (v4 the DISCOVERs of both v5 nodes,
		// the v5 nodes v4's heartbeats): what could have made them see each other has arrived.
		await().atMost(Duration.ofSeconds(10)).until(() -> v4.transit().droppedPackets() >= 2
				&& v5.transit().droppedPackets() >= 1 && v5b.transit().droppedPackets() >= 1);
		assertThat(v4.registry().getNode("v5")).isNull();
		assertThat(v5.registry().getNode("v4")).isNull();
		assertThat(v5b.registry().getActionEndpoints("four.who")).isNull();
		// v4 started first, so it received (and dropped) the DISCOVER broadcasts of both v5 nodes.
		assertThat(v4.transit().droppedPackets()).isPositive();
	}

	private List<ServiceBroker> autos(String prefix, int count, Duration heartbeat) {
		List<ServiceBroker> autos = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			autos.add(this.cluster.broker(prefix + i, (o) -> o.protocolVersion(null).heartbeatInterval(heartbeat)
				.heartbeatTimeout(heartbeat.multipliedBy(4)),
					echo(prefix + i)));
		}
		return autos;
	}

	private static void startTogether(List<ServiceBroker> brokers) throws Exception {
		CompletableFuture.allOf(brokers.stream().map(ServiceBroker::start).toArray(CompletableFuture[]::new))
			.get(10, TimeUnit.SECONDS);
	}

	private void assertOneCluster(List<ServiceBroker> brokers, ProtocolVersion version) throws Exception {
		this.cluster.awaitDiscovery();
		for (ServiceBroker broker : brokers) {
			assertThat(broker.protocolVersion()).as(broker.nodeID()).isEqualTo(version);
			for (ServiceBroker other : brokers) {
				assertThat(broker.call(other.nodeID() + ".who", null).get(5, TimeUnit.SECONDS)).isEqualTo(other.nodeID());
			}
		}
	}

	@Test
	void autoNodesStartedTogetherBeforeAVersionFourNodeAllMoveToFour() throws Exception {
		List<ServiceBroker> autos = autos("auto", 3, Duration.ofMillis(500));
		startTogether(autos);
		this.cluster.awaitDiscovery();
		assertThat(autos).allSatisfy((broker) -> assertThat(broker.protocolVersion()).isEqualTo(ProtocolVersion.V5));
		ServiceBroker old = this.cluster.broker("old", (o) -> o.protocolVersion(ProtocolVersion.V4), echo("old"));
		old.start().get(10, TimeUnit.SECONDS);
		List<ServiceBroker> all = new ArrayList<>(autos);
		all.add(old);
		assertOneCluster(all, ProtocolVersion.V4);
	}

	@Test
	void autoNodesStartedTogetherAfterAVersionFourNodeAllMoveToFour() throws Exception {
		ServiceBroker old = this.cluster.broker("old", (o) -> o.protocolVersion(ProtocolVersion.V4), echo("old"));
		old.start().get(10, TimeUnit.SECONDS);
		List<ServiceBroker> autos = autos("auto", 3, Duration.ofMillis(500));
		startTogether(autos);
		List<ServiceBroker> all = new ArrayList<>(autos);
		all.add(old);
		assertOneCluster(all, ProtocolVersion.V4);
	}

	@Test
	void autoNodesStayOnFiveWithAVersionFiveNode() throws Exception {
		ServiceBroker modern = this.cluster.broker("modern", (o) -> o.protocolVersion(ProtocolVersion.V5),
				echo("modern"));
		List<ServiceBroker> autos = autos("auto", 3, Duration.ofMillis(500));
		List<ServiceBroker> all = new ArrayList<>(autos);
		all.add(modern);
		startTogether(all);
		assertOneCluster(all, ProtocolVersion.V5);
		assertThat(all).allSatisfy((broker) -> assertThat(broker.transit().droppedPackets()).isZero());
	}

	@Test
	void switchedAutoNodeAnswersAVersionFiveNewcomerSoItSwitchesWithoutWaitingForAHeartbeat() throws Exception {
		// Heartbeats far beyond the test's patience: the newcomer can only learn of version 4 from the answer
		// to its version 5 DISCOVER (the node pinned to 4 drops that DISCOVER, as Moleculer.js 0.14 does).
		Duration never = Duration.ofMinutes(10);
		List<ServiceBroker> autos = autos("auto", 2, never);
		autos.get(0).start().get(10, TimeUnit.SECONDS);
		ServiceBroker old = this.cluster.broker("old",
				(o) -> o.protocolVersion(ProtocolVersion.V4).heartbeatInterval(never).heartbeatTimeout(never.multipliedBy(4)),
				echo("old"));
		old.start().get(10, TimeUnit.SECONDS);
		// The first auto node hears the DISCOVER of the node pinned to 4 and switches.
		await().atMost(Duration.ofSeconds(10)).until(() -> autos.get(0).protocolVersion() == ProtocolVersion.V4);
		autos.get(1).start().get(10, TimeUnit.SECONDS);
		List<ServiceBroker> all = List.of(old, autos.get(0), autos.get(1));
		assertOneCluster(all, ProtocolVersion.V4);
	}

	@Test
	void aStrayNodeOfTheOtherVersionDoesNotPullLockedAutoNodesAway() throws Exception {
		ServiceBroker modern = this.cluster.broker("modern", (o) -> o.protocolVersion(ProtocolVersion.V5),
				echo("modern"));
		List<ServiceBroker> autos = autos("auto", 2, Duration.ofMillis(500));
		List<ServiceBroker> cluster = new ArrayList<>(autos);
		cluster.add(modern);
		startTogether(cluster);
		assertOneCluster(cluster, ProtocolVersion.V5);
		ServiceBroker stray = this.cluster.broker("stray", (o) -> o.protocolVersion(ProtocolVersion.V4), echo("stray"));
		stray.start().get(10, TimeUnit.SECONDS);
		// Heartbeats every 500 ms: a few rounds of the stray node's packets.
		await().atMost(Duration.ofSeconds(10)).until(() -> stray.transit().droppedPackets() > 0
				&& autos.stream().allMatch((auto) -> auto.transit().droppedPackets() >= 3));
		for (ServiceBroker auto : autos) {
			assertThat(auto.protocolVersion()).isEqualTo(ProtocolVersion.V5);
			assertThat(auto.registry().getNode("stray")).isNull();
			assertThat(auto.call("modern.who", null).get(5, TimeUnit.SECONDS)).isEqualTo("modern");
		}
		assertThat(stray.registry().getNode("modern")).isNull();
	}

}
