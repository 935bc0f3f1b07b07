package io.github.moleculerspring.interop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Moleculer.js 0.15 node reads a Java node's {@code $node.metrics} and {@code $node.health}
 * as it reads its own: the shapes Moleculer's REPL and tools expect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeServiceInteropTests {

	private NatsServer nats;

	private JsNode js;

	private ServiceBroker java;

	@BeforeAll
	void start() throws Exception {
		this.nats = NatsServer.launch();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("version", "0.15");
		config.put("nodeID", "js-reader");
		config.put("namespace", "node-service");
		config.put("natsUrl", this.nats.url());
		this.js = JsNode.start(config);
		this.java = new ServiceBroker(BrokerOptions.builder()
			.nodeID("java-measured")
			.namespace("node-service")
			.transporter(new NatsTransporter(this.nats.url()))
			.meterRegistry(new SimpleMeterRegistry())
			.build());
		this.java.createService(ServiceDefinition.builder("greeter").action("hello", (ctx) -> "hello").build());
		this.java.start().get(30, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.java.registry().getActionEndpoint("js-math.add",
				"js-reader") != null);
	}

	@AfterAll
	void stop() throws Exception {
		if (this.java != null) {
			this.java.close();
		}
		if (this.js != null) {
			this.js.close();
		}
		if (this.nats != null) {
			this.nats.close();
		}
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> jsCalls(String action, Map<String, Object> params) throws Exception {
		return (Map<String, Object>) this.java
			.call("driver.call", Map.of("action", action, "params", params, "nodeID", "java-measured"),
					CallOptions.builder().nodeID("js-reader").timeout(Duration.ofSeconds(20)).build())
			.get(30, TimeUnit.SECONDS);
	}

	@Test
	@SuppressWarnings("unchecked")
	void javascriptReadsTheJavaNodesMetricsFilteredAsMoleculerFilters() throws Exception {
		for (int i = 0; i < 2; i++) {
			Map<String, Object> hello = jsCalls("greeter.hello", Map.of());
			assertThat(hello).containsEntry("ok", true);
		}
		Map<String, Object> outcome = jsCalls("$node.metrics",
				Map.of("types", List.of("counter"), "includes", "moleculer.request.**"));
		assertThat(outcome).containsEntry("ok", true);
		List<Map<String, Object>> metrics = (List<Map<String, Object>>) outcome.get("result");
		assertThat(metrics).isNotEmpty()
			.allSatisfy((m) -> assertThat(m).containsEntry("type", "counter"))
			.allSatisfy((m) -> assertThat((String) m.get("name")).startsWith("moleculer.request."));
		Map<String, Object> total = metrics.stream()
			.filter((m) -> m.get("name").equals("moleculer.request.total"))
			.findFirst()
			.orElseThrow();
		List<Map<String, Object>> values = (List<Map<String, Object>>) total.get("values");
		assertThat(values).anySatisfy((v) -> {
			assertThat((Map<String, Object>) v.get("labels")).containsEntry("action", "greeter.hello")
				.containsEntry("type", "local");
			assertThat(v.get("value")).isEqualTo(2);
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void javascriptReadsTheJavaNodesHealthInMoleculersShape() throws Exception {
		Map<String, Object> outcome = jsCalls("$node.health", Map.of());
		assertThat(outcome).containsEntry("ok", true);
		Map<String, Object> health = (Map<String, Object>) outcome.get("result");
		assertThat(health).containsKeys("cpu", "mem", "os", "process", "client", "net", "transit", "time");
		Map<String, Object> cpu = (Map<String, Object>) health.get("cpu");
		assertThat(cpu).containsKeys("load1", "load5", "load15", "cores", "utilization");
		if (System.getProperty("os.name", "").toLowerCase().contains("linux")) {
			assertThat(cpu.get("load5")).isInstanceOf(Number.class);
			assertThat(cpu.get("load15")).isInstanceOf(Number.class);
			assertThat(((Map<String, Object>) health.get("os")).get("uptime")).isInstanceOf(Number.class);
		}
	}

}
