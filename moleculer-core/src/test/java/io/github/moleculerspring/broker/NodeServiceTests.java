package io.github.moleculerspring.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code $node.health} and {@code $node.metrics} in Moleculer's shapes. */
class NodeServiceTests {

	private final TestCluster cluster = new TestCluster("node-service-" + System.nanoTime());

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private static ServiceDefinition math() {
		return ServiceDefinition.builder("math")
			.action("add", (ctx) -> ctx.param("a", Integer.class) + ctx.param("b", Integer.class))
			.build();
	}

	@Test
	void healthHasMoleculersSectionsInOrderWithTransitCounters() throws Exception {
		ServiceBroker one = this.cluster.broker("one", math());
		ServiceBroker two = this.cluster.broker("two");
		this.cluster.startAll();
		assertThat(two.call("math.add", Map.of("a", 1, "b", 2)).get(5, TimeUnit.SECONDS)).isEqualTo(3);
		Map<String, Object> health = map(one.call("$node.health", null).get(5, TimeUnit.SECONDS));
		assertThat(health.keySet()).containsExactly("cpu", "mem", "os", "process", "client", "net", "transit", "time");
		assertThat(map(health.get("cpu")).keySet()).containsExactly("load1", "load5", "load15", "cores", "utilization");
		assertThat(map(health.get("os")).keySet()).containsExactly("uptime", "type", "release", "hostname", "arch",
				"platform", "user");
		Map<String, Object> packets = map(map(map(health.get("transit")).get("stat")).get("packets"));
		assertThat(((Number) map(packets.get("sent")).get("count")).longValue()).isPositive();
		assertThat(((Number) map(packets.get("received")).get("bytes")).longValue()).isPositive();
		assertThat(map(health.get("client"))).containsEntry("type", "java");
	}

	@Test
	void healthOnLinuxHasAllThreeLoadAveragesAndTheMachinesUptime() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/loadavg")) && Files.isReadable(Path.of("/proc/uptime")),
				"needs Linux's /proc");
		ServiceBroker broker = this.cluster.broker("linux");
		broker.start().get(10, TimeUnit.SECONDS);
		Map<String, Object> health = map(broker.call("$node.health", null).get(5, TimeUnit.SECONDS));
		Map<String, Object> cpu = map(health.get("cpu"));
		for (String load : List.of("load1", "load5", "load15")) {
			assertThat(cpu.get(load)).as(load).isInstanceOf(Double.class);
			assertThat((Double) cpu.get(load)).as(load).isGreaterThanOrEqualTo(0.0);
		}
		assertThat(cpu.get("utilization")).isInstanceOf(Integer.class);
		Map<String, Object> os = map(health.get("os"));
		assertThat(os.get("uptime")).isInstanceOf(Double.class);
		// The machine has been up at least as long as this JVM.
		double processUptime = ((Number) map(health.get("process")).get("uptime")).doubleValue();
		assertThat((Double) os.get("uptime")).isGreaterThanOrEqualTo(processUptime);
		assertThat(((Number) map(map(health.get("process")).get("memory")).get("rss")).longValue()).isPositive();
	}

	@Test
	void metricsWithoutAMeterRegistryFailAsMoleculerDoesWhenMetricsAreDisabled() throws Exception {
		ServiceBroker broker = this.cluster.broker("plain");
		broker.start().get(10, TimeUnit.SECONDS);
		MoleculerError error = failure(broker, Map.of());
		assertThat(error).isInstanceOf(MoleculerClientError.class);
		assertThat(error.getMessage()).isEqualTo("Metrics feature is disabled");
		assertThat(error.getCode()).isEqualTo(400);
		assertThat(error.getType()).isEqualTo("METRICS_DISABLED");
	}

	@Test
	@SuppressWarnings("unchecked")
	void metricsListTheMeterRegistryInMoleculersShape() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ServiceBroker broker = this.cluster.broker("measured", (o) -> o.meterRegistry(meters), math());
		broker.start().get(10, TimeUnit.SECONDS);
		for (int i = 0; i < 3; i++) {
			broker.call("math.add", Map.of("a", i, "b", 1)).get(5, TimeUnit.SECONDS);
		}
		List<Map<String, Object>> all = maps(broker.call("$node.metrics", null).get(5, TimeUnit.SECONDS));
		assertThat(all).extracting((m) -> m.get("name"))
			.contains("moleculer.request.total", "moleculer.request.time", "moleculer.registry.nodes.total");
		Map<String, Object> total = metric(all, "moleculer.request.total");
		assertThat(total.keySet()).containsExactly("type", "name", "description", "labelNames", "unit", "values");
		assertThat(total).containsEntry("type", "counter");
		assertThat((List<Object>) total.get("labelNames")).contains((Object) "service", "action", "type", "caller");
		Map<String, Object> value = maps(total.get("values")).stream()
			.filter((v) -> "math.add".equals(map(v.get("labels")).get("action")))
			.findFirst()
			.orElseThrow();
		assertThat(value.keySet()).containsExactly("key", "value", "labels", "timestamp");
		assertThat(value.get("value")).isEqualTo(3L);
		assertThat(map(value.get("labels"))).containsEntry("service", "math").containsEntry("type", "local");
		assertThat((String) value.get("key")).contains("\"math.add\"").contains("|");
		Map<String, Object> time = metric(all, "moleculer.request.time");
		assertThat(time).containsEntry("type", "histogram").containsEntry("unit", "millisecond");
		Map<String, Object> timing = maps(time.get("values")).stream()
			.filter((v) -> "math.add".equals(map(v.get("labels")).get("action")))
			.findFirst()
			.orElseThrow();
		assertThat(timing.keySet()).containsExactly("key", "labels", "count", "sum", "mean", "max", "timestamp");
		assertThat(timing.get("count")).isEqualTo(3L);

		List<Map<String, Object>> gauges = maps(broker.call("$node.metrics",
				Map.of("types", "gauge", "includes", List.of("moleculer.registry.**"))).get(5, TimeUnit.SECONDS));
		assertThat(gauges).isNotEmpty()
			.allSatisfy((m) -> assertThat(m).containsEntry("type", "gauge"))
			.allSatisfy((m) -> assertThat((String) m.get("name")).startsWith("moleculer.registry."));
		assertThat(metric(gauges, "moleculer.registry.nodes.total").get("values")).asList()
			.singleElement()
			.satisfies((v) -> assertThat(map(v)).containsEntry("value", 1L));
		List<Map<String, Object>> rest = maps(broker.call("$node.metrics", Map.of("excludes", "moleculer.request.**"))
			.get(5, TimeUnit.SECONDS));
		assertThat(rest).isNotEmpty()
			.noneSatisfy((m) -> assertThat((String) m.get("name")).startsWith("moleculer.request."));
	}

	@Test
	void metricsFiltersOfTheWrongTypeAreValidationErrors() throws Exception {
		ServiceBroker broker = this.cluster.broker("strict", (o) -> o.meterRegistry(new SimpleMeterRegistry()));
		broker.start().get(10, TimeUnit.SECONDS);
		MoleculerError number = failure(broker, Map.of("types", 5));
		assertThat(number).isInstanceOf(ValidationError.class);
		assertThat(((ValidationError) number).getViolations()).singleElement()
			.satisfies((v) -> assertThat(v.field()).isEqualTo("types"));
		MoleculerError mixed = failure(broker, Map.of("includes", List.of("moleculer.**", 7)));
		assertThat(mixed).isInstanceOf(ValidationError.class);
		assertThat(((ValidationError) mixed).getViolations()).singleElement()
			.satisfies((v) -> assertThat(v.field()).isEqualTo("includes"));
	}

	private static MoleculerError failure(ServiceBroker broker, Map<String, Object> params) {
		ExecutionException ex = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> broker.call("$node.metrics", params).get(5, TimeUnit.SECONDS));
		assertThatExceptionOfType(MoleculerError.class).isThrownBy(() -> {
			throw ex.getCause();
		});
		return (MoleculerError) ex.getCause();
	}

	private static Map<String, Object> metric(List<Map<String, Object>> metrics, String name) {
		return metrics.stream().filter((m) -> name.equals(m.get("name"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> maps(Object value) {
		return (List<Map<String, Object>>) value;
	}

}
