package io.github.moleculerspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Protocol {@code auto} converges: three Java brokers in {@code auto} mode, each on its own NATS
 * connection and started at once, join a real Moleculer.js 0.14 node on protocol 4 and a 0.15 node
 * on protocol 5, whether they start before the JS node, together with it, or after it. Each Java
 * node ends on the JS node's version, the JS node lists all three in its registry, and calls
 * succeed both ways to each Java node.
 */
class ProtocolConvergenceTests {

	private static final int JAVA_NODES = 3;

	/** Who starts first. */
	enum Order {

		/** The three Java nodes start together, then the JS node. */
		JAVA_FIRST,

		/** The JS node and the three Java nodes start together. */
		TOGETHER,

		/** The JS node starts, then the three Java nodes together. */
		JS_FIRST

	}

	private NatsServer nats;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeEach
	void startNats() throws Exception {
		this.nats = NatsServer.launch();
	}

	@AfterEach
	void stopAll() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		this.nats.close();
	}

	static Stream<Arguments> scenarios() {
		List<Arguments> scenarios = new ArrayList<>();
		for (String version : List.of("0.14", "0.15")) {
			for (Order order : Order.values()) {
				scenarios.add(Arguments.of(version, order));
			}
		}
		return scenarios.stream();
	}

	@ParameterizedTest(name = "Moleculer.js {0}, {1}")
	@MethodSource("scenarios")
	void autoJavaNodesConvergeOnTheJavascriptNodesVersion(String moleculerVersion, Order order) throws Exception {
		ProtocolVersion expected = moleculerVersion.equals("0.14") ? ProtocolVersion.V4 : ProtocolVersion.V5;
		String jsNodeID = "js-" + moleculerVersion + "-" + order.name().toLowerCase();
		List<ServiceBroker> javas = new ArrayList<>();
		for (int i = 1; i <= JAVA_NODES; i++) {
			ServiceBroker broker = new ServiceBroker(javaOptions("java-" + i).build());
			broker.createService(ServiceDefinition.builder("conv-" + i).action("who", (ctx) -> ctx.broker().nodeID())
				.build());
			this.resources.add(broker);
			javas.add(broker);
		}
		JsNode js;
		switch (order) {
			case JAVA_FIRST -> {
				startTogether(javas);
				js = startJs(moleculerVersion, jsNodeID);
			}
			case TOGETHER -> {
				CompletableFuture<JsNode> starting = CompletableFuture.supplyAsync(() -> {
					try {
						return startJs(moleculerVersion, jsNodeID);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				startTogether(javas);
				js = starting.get(90, TimeUnit.SECONDS);
			}
			default -> {
				js = startJs(moleculerVersion, jsNodeID);
				startTogether(javas);
			}
		}
		assertThat(js.protocolVersion()).isEqualTo(expected.value());

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
			assertThat(javas).allSatisfy((java) -> assertThat(java.protocolVersion()).as(java.nodeID())
				.isEqualTo(expected));
			assertThat(jsAvailableNodes(javas.get(0), jsNodeID)).containsAll(nodeIDs(javas));
			for (ServiceBroker java : javas) {
				assertThat(java.registry().getActionEndpoint("js-math.add", jsNodeID)).as(java.nodeID()).isNotNull();
				for (ServiceBroker other : javas) {
					assertThat(java.registry().getActionEndpoint(service(other) + ".who", other.nodeID()))
						.as(java.nodeID() + " sees " + other.nodeID())
						.isNotNull();
				}
			}
		});

		for (ServiceBroker java : javas) {
			assertThat(java.call("js-math.add", Map.of("a", 20, "b", 22), CallOptions.nodeID(jsNodeID), Integer.class)
				.get(10, TimeUnit.SECONDS)).isEqualTo(42);
			assertThat(java.call("js-math.whoami", null).get(10, TimeUnit.SECONDS)).isEqualTo(jsNodeID);
			Map<String, Object> fromJs = jsCalls(javas.get(0), jsNodeID, service(java) + ".who", java.nodeID());
			assertThat(fromJs).containsEntry("ok", true).containsEntry("result", java.nodeID());
		}
		// One cluster: the Java nodes call each other too.
		for (ServiceBroker java : javas) {
			for (ServiceBroker other : javas) {
				assertThat(java.call(service(other) + ".who", null).get(10, TimeUnit.SECONDS)).isEqualTo(other.nodeID());
			}
		}
	}

	private BrokerOptions.Builder javaOptions(String nodeID) {
		return BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace("convergence")
			.transporter(new NatsTransporter(this.nats.url()))
			.protocolVersion(null)
			.heartbeatInterval(Duration.ofSeconds(2))
			.heartbeatTimeout(Duration.ofSeconds(10))
			.discoveryWait(Duration.ofMillis(500));
	}

	private JsNode startJs(String moleculerVersion, String nodeID) throws Exception {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("version", moleculerVersion);
		config.put("nodeID", nodeID);
		config.put("namespace", "convergence");
		config.put("natsUrl", this.nats.url());
		config.put("heartbeatInterval", 2);
		config.put("heartbeatTimeout", 10);
		JsNode js = JsNode.start(config);
		synchronized (this.resources) {
			this.resources.add(js);
		}
		return js;
	}

	private static void startTogether(List<ServiceBroker> brokers) throws Exception {
		CompletableFuture.allOf(brokers.stream().map(ServiceBroker::start).toArray(CompletableFuture[]::new))
			.get(60, TimeUnit.SECONDS);
	}

	private static String service(ServiceBroker broker) {
		return "conv-" + broker.nodeID().substring("java-".length());
	}

	private static List<String> nodeIDs(List<ServiceBroker> brokers) {
		return brokers.stream().map(ServiceBroker::nodeID).toList();
	}

	/** The nodes the JS node's registry lists as available. */
	@SuppressWarnings("unchecked")
	private static List<String> jsAvailableNodes(ServiceBroker via, String jsNodeID) throws Exception {
		List<Map<String, Object>> nodes = (List<Map<String, Object>>) via
			.call("driver.nodes", null, CallOptions.nodeID(jsNodeID))
			.get(10, TimeUnit.SECONDS);
		return nodes.stream()
			.filter((node) -> Boolean.TRUE.equals(node.get("available")))
			.map((node) -> String.valueOf(node.get("id")))
			.toList();
	}

	/** Makes the JS node call an action on one node. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> jsCalls(ServiceBroker via, String jsNodeID, String action, String nodeID)
			throws Exception {
		return (Map<String, Object>) via
			.call("driver.call", Map.of("action", action, "params", Map.of(), "nodeID", nodeID),
					CallOptions.builder().nodeID(jsNodeID).timeout(Duration.ofSeconds(20)).build())
			.get(30, TimeUnit.SECONDS);
	}

}
