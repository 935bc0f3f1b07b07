package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local events a broker emits about its peers and itself, received by ordinary event handlers,
 * with Moleculer.js 0.15's payloads ({@code registry/node-catalog.js}, {@code transit.js},
 * {@code service-broker.js}): {@code $node.connected} {@code {node, reconnected}},
 * {@code $node.updated} {@code {node}}, {@code $node.disconnected} {@code {node, unexpected}},
 * {@code $node.pong} {@code {nodeID, elapsedTime, timeDiff, id}} and {@code $broker.stopped}
 * without data. Over a real nats-server.
 */
class NodeEventsTests {

	private static NatsServer nats;

	private final List<FrozenTransporter> transporters = new ArrayList<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private TestCluster cluster;

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void nodeEventsCarryMoleculersPayloads() throws Exception {
		this.cluster = new TestCluster("node-events-" + System.nanoTime(), () -> {
			FrozenTransporter transporter = new FrozenTransporter(
					new NatsTransporter(NatsTransporterOptions.of(nats.url())));
			this.transporters.add(transporter);
			return transporter;
		});
		ServiceBroker watcher = this.cluster.broker("watcher", recorder("watcher", "$node.*"));
		ServiceBroker graceful = this.cluster.broker("graceful", recorder("graceful", "$broker.stopped"));
		this.cluster.broker("crashing", ServiceDefinition.builder("noop").action("noop", (ctx) -> null).build());
		this.cluster.startAll();

		// A node heard of for the first time.
		Map<String, Object> connected = awaitEvent("watcher", "$node.connected", nodeIs("graceful"));
		assertThat(connected).containsOnlyKeys("node", "reconnected").containsEntry("reconnected", false);
		Map<String, Object> node = node(connected);
		assertThat(node).containsEntry("id", "graceful")
			.containsEntry("instanceID", graceful.instanceID())
			.containsEntry("available", true)
			.containsEntry("local", false)
			.containsKeys("client", "hostname", "ipList", "seq", "metadata", "lastHeartbeatTime", "offlineSince");
		assertThat(node(awaitEvent("watcher", "$node.connected", nodeIs("crashing")))).containsEntry("id", "crashing");

		// A known node announcing a changed service list (an INFO with a higher seq).
		int beforeUpdate = this.received.size();
		long seqBefore = watcher.registry().getNode("graceful").seq();
		graceful.createService(ServiceDefinition.builder("late").action("hello", (ctx) -> "hi").build());
		Map<String, Object> updated = awaitEvent(beforeUpdate, "watcher", "$node.updated",
				nodeIs("graceful").and((data) -> ((Number) node(data).get("seq")).longValue() > seqBefore));
		assertThat(updated).containsOnlyKeys("node");
		assertThat(node(updated)).containsEntry("id", "graceful").containsEntry("available", true);

		// The answer to a PING.
		watcher.ping("graceful", Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
		Map<String, Object> pong = awaitEvent("watcher", "$node.pong", (data) -> "graceful".equals(data.get("nodeID")));
		assertThat(pong).containsOnlyKeys("nodeID", "elapsedTime", "timeDiff", "id");
		assertThat(pong.get("elapsedTime")).isInstanceOf(Number.class);
		assertThat(((Number) pong.get("elapsedTime")).longValue()).isNotNegative();
		assertThat(pong.get("timeDiff")).isInstanceOf(Number.class);
		assertThat(pong.get("id")).isInstanceOf(String.class);

		// A graceful stop: the stopping broker gets $broker.stopped, its peers an expected disconnection.
		graceful.stop().get(20, TimeUnit.SECONDS);
		Received stopped = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.received.stream()
				.filter((event) -> event.on().equals("graceful") && event.name().equals("$broker.stopped"))
				.findFirst()
				.orElse(null), (event) -> event != null);
		assertThat(stopped.data()).isNull();
		assertThat(this.received).filteredOn((event) -> event.name().equals("$broker.stopped")).hasSize(1);
		Map<String, Object> left = awaitEvent("watcher", "$node.disconnected", nodeIs("graceful"));
		assertThat(left).containsOnlyKeys("node", "unexpected").containsEntry("unexpected", false);
		assertThat(node(left)).containsEntry("id", "graceful").containsEntry("available", false);

		// A crash (no DISCONNECT, nothing more heard): an unexpected disconnection after the heartbeat timeout.
		this.transporters.get(2).freeze();
		Map<String, Object> lost = awaitEvent("watcher", "$node.disconnected", nodeIs("crashing"));
		assertThat(lost).containsOnlyKeys("node", "unexpected").containsEntry("unexpected", true);
		assertThat(node(lost)).containsEntry("id", "crashing").containsEntry("available", false);

		// The stopped node comes back (a new process with the same node ID): a reconnection.
		ServiceBroker again = this.cluster.broker("graceful");
		again.start().get(30, TimeUnit.SECONDS);
		Map<String, Object> back = awaitEvent("watcher", "$node.connected",
				nodeIs("graceful").and((data) -> Boolean.TRUE.equals(data.get("reconnected"))));
		assertThat(back).containsOnlyKeys("node", "reconnected");
		assertThat(node(back)).containsEntry("id", "graceful")
			.containsEntry("instanceID", again.instanceID())
			.containsEntry("available", true);
	}

	private ServiceDefinition recorder(String nodeID, String pattern) {
		return ServiceDefinition.builder("recorder").event(pattern, (ctx) -> {
			Object params = ctx.params();
			@SuppressWarnings("unchecked")
			Map<String, Object> data = (params != null) ? new LinkedHashMap<>(ctx.params(Map.class)) : null;
			this.received.add(new Received(nodeID, String.valueOf(ctx.eventName()), data));
			return null;
		}).build();
	}

	private Map<String, Object> awaitEvent(String on, String name, Predicate<Map<String, Object>> matching) {
		return awaitEvent(0, on, name, matching);
	}

	/** The data of the first matching event received at index {@code from} or later. */
	private Map<String, Object> awaitEvent(int from, String on, String name, Predicate<Map<String, Object>> matching) {
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> {
				List<Received> all = List.copyOf(this.received);
				return all.subList(from, all.size())
					.stream()
					.filter((event) -> event.on().equals(on) && event.name().equals(name) && event.data() != null
							&& matching.test(event.data()))
					.map(Received::data)
					.findFirst()
					.orElse(null);
			}, (data) -> data != null);
	}

	private static Predicate<Map<String, Object>> nodeIs(String nodeID) {
		return (data) -> data.get("node") instanceof Map<?, ?> node && nodeID.equals(node.get("id"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> node(Map<String, Object> data) {
		return (Map<String, Object>) data.get("node");
	}

	private record Received(String on, String name, @Nullable Map<String, Object> data) {

	}

}
