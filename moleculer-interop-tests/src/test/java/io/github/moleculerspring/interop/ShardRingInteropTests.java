package io.github.moleculerspring.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.Tools;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Shard strategy's ring is Moleculer.js's: for the same node IDs, options and keys, a Java caller
 * sends each call to the node that Moleculer.js 0.15's own {@code ShardStrategy} (run in node from
 * the pinned npm package, {@code src/test/js/shard-ring.js}) chooses. On the Java side the calls are
 * real: a caller broker configured with {@code strategy("Shard")} and the options calls an action
 * served by one broker per node ID (on an in-JVM bus: what is compared is the choice, not the
 * transport), and the serving broker reports its node ID.
 */
class ShardRingInteropTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final List<ServiceBroker> brokers = new ArrayList<>();

	@AfterEach
	void stopBrokers() {
		this.brokers.forEach(ServiceBroker::close);
	}

	@Test
	void defaultVnodesAndRingSizeChooseAsMoleculerJs() throws Exception {
		assertSameChoices(List.of("node-1", "node-2", "node-3"), Map.of("shardKey", "key"), keyedCalls("key"));
	}

	@Test
	void customVnodesAndRingSizeOnANestedParamChooseAsMoleculerJs() throws Exception {
		assertSameChoices(List.of("echo", "alpha", "delta", "bravo", "charlie"),
				Map.of("shardKey", "user.id", "vnodes", 7, "ringSize", 1000), nestedCalls());
	}

	@Test
	void aMetaKeyWithManyVnodesChoosesAsMoleculerJs() throws Exception {
		assertSameChoices(List.of("eu-west-1a", "eu-west-1b", "us-east-2", "ap-south-1"),
				Map.of("shardKey", "#tenant", "vnodes", 25, "ringSize", 65536), metaCalls());
	}

	/** 200 calls keyed by {@code name}: strings, non-ASCII strings and integers. */
	private static List<Map<String, Object>> keyedCalls(String name) {
		List<Map<String, Object>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			Object key = switch (i % 4) {
				case 0 -> "user-" + i;
				case 1 -> i * 7919;
				case 2 -> "ключ-" + i + "-用户";
				default -> "order/" + (i * 31) + "/line";
			};
			calls.add(Map.of("params", Map.of(name, key)));
		}
		return calls;
	}

	private static List<Map<String, Object>> nestedCalls() {
		List<Map<String, Object>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(Map.of("params", Map.of("user", Map.of("id", (i % 2 == 0) ? "u" + i : i))));
		}
		return calls;
	}

	private static List<Map<String, Object>> metaCalls() {
		List<Map<String, Object>> calls = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			calls.add(Map.of("params", Map.of("x", i), "meta", Map.of("tenant", "tenant-" + i)));
		}
		return calls;
	}

	private void assertSameChoices(List<String> nodes, Map<String, Object> options, List<Map<String, Object>> calls)
			throws Exception {
		List<String> javascript = moleculerJsChoices(nodes, options, calls);
		List<String> java = javaChoices(nodes, options, calls);

		assertThat(javascript).hasSize(calls.size()).doesNotContainNull();
		// The keys spread over every node, so the comparison covers every part of the ring.
		assertThat(javascript).containsAll(nodes);
		assertThat(java).containsExactlyElementsOf(javascript);
	}

	@SuppressWarnings("unchecked")
	private List<String> javaChoices(List<String> nodes, Map<String, Object> options, List<Map<String, Object>> calls)
			throws Exception {
		LocalBus bus = new LocalBus("shard-" + System.nanoTime());
		ServiceBroker caller = broker(bus, "caller", options);
		for (String node : nodes) {
			ServiceBroker server = broker(bus, node, Map.of());
			server.createService(ServiceDefinition.builder("shard").action("who", (ctx) -> ctx.broker().nodeID()).build());
		}
		for (ServiceBroker broker : this.brokers) {
			broker.start().get(30, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			EndpointList<?> endpoints = caller.registry().getActionEndpoints("shard.who");
			return endpoints != null && endpoints.endpoints().size() == nodes.size();
		});
		List<String> chosen = new ArrayList<>();
		for (Map<String, Object> call : calls) {
			Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) call.getOrDefault("meta", Map.of()));
			CompletableFuture<String> who = caller.call("shard.who", call.get("params"), CallOptions.meta(meta),
					String.class);
			chosen.add(who.get(10, TimeUnit.SECONDS));
		}
		return chosen;
	}

	private ServiceBroker broker(LocalBus bus, String nodeID, Map<String, Object> shardOptions) {
		BrokerOptions.Builder builder = BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new LocalTransporter(bus))
			.discoveryWait(Duration.ofMillis(50))
			.stopDelay(Duration.ofMillis(20));
		if (!shardOptions.isEmpty()) {
			builder.strategy("Shard").strategyOptions(shardOptions);
		}
		ServiceBroker broker = new ServiceBroker(builder.build());
		this.brokers.add(broker);
		return broker;
	}

	/** Runs Moleculer.js's ShardStrategy over the same nodes, options and calls. */
	private static List<String> moleculerJsChoices(List<String> nodes, Map<String, Object> options,
			List<Map<String, Object>> calls) throws Exception {
		String input = MAPPER.writeValueAsString(Map.of("nodes", nodes, "options", options, "calls", calls));
		Process process = new ProcessBuilder(Tools.node().toString(), "shard-ring.js", input)
			.directory(JsNode.jsDirectory().toFile())
			.redirectErrorStream(true)
			.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("shard-ring.js ends").isTrue();
		String text = output.get(10, TimeUnit.SECONDS);
		assertThat(process.exitValue()).as("shard-ring.js exit code; output:%n%s", text).isZero();
		return MAPPER.readValue(text.trim(), new TypeReference<List<String>>() {
		});
	}

	private static String read(InputStream in) {
		try (in) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			return bytes.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
