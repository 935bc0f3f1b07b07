package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Protocol 4 and 5 on one bus: fixed versions ignore each other; {@code auto} joins the first peer's. */
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
	void autoLocksOnToTheVersionOfTheFirstPeerAndReannounces() throws Exception {
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

}
