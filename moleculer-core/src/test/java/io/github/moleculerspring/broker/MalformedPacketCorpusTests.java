package io.github.moleculerspring.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.TransporterListener;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A generated corpus of broken packets (garbage, truncations, wrong field types, missing fields,
 * other versions, own and unknown senders, deep nesting, large arrays, unknown subjects) is fed to
 * a live node while another node keeps calling it: every call succeeds, nothing crashes, and every
 * broken packet is counted as dropped or invalid.
 */
class MalformedPacketCorpusTests {

	private static final int CORPUS_SIZE = 12_000;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final TestCluster cluster = new TestCluster("corpus-" + System.nanoTime());

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void liveNodeSurvivesTheCorpusAndKeepsAnsweringCalls() throws Exception {
		ServiceBroker a = this.cluster.broker("a");
		ServiceBroker b = this.cluster.broker("b", ServiceDefinition.builder("calc")
			.action("square", (ctx) -> {
				int n = ctx.param("n", Integer.class);
				return n * n;
			})
			.build());
		this.cluster.startAll();
		List<Corrupt> corpus = corpus(new Random(20261122), CORPUS_SIZE);
		LocalTransporter attacker = new LocalTransporter(this.cluster.bus(), CORPUS_SIZE * 2);
		attacker.connect(new Silent());
		AtomicInteger ok = new AtomicInteger();
		List<CompletableFuture<Void>> calls = new ArrayList<>();
		long before = b.transit().invalidPackets() + b.transit().droppedPackets();
		for (int i = 0; i < corpus.size(); i++) {
			Corrupt packet = corpus.get(i);
			attacker.publish(packet.subject(), packet.payload());
			if (i % 100 == 0) {
				int n = i;
				calls.add(a.call("calc.square", Map.of("n", n), CallOptions.timeout(Duration.ofSeconds(20)))
					.thenAccept((result) -> {
						assertThat(result).isEqualTo(n * n);
						ok.incrementAndGet();
					}));
			}
		}
		CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
		assertThat(ok.get()).isEqualTo(calls.size());
		long rejected = corpus.stream().filter(Corrupt::mustBeRejected).count();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> b.transit().invalidPackets() + b.transit().droppedPackets() - before >= rejected);
		assertThat(b.isStarted()).isTrue();
		assertThat(b.registry().getNode("a").isAvailable()).isTrue();
		assertThat(a.call("calc.square", Map.of("n", 12)).get(10, TimeUnit.SECONDS)).isEqualTo(144);
		assertThat(a.transit().pendingCount()).isZero();
		attacker.disconnect();
	}

	/**
	 * One generated packet.
	 * @param subject where it is published
	 * @param payload the bytes
	 * @param mustBeRejected whether the node must count it as invalid or dropped
	 */
	record Corrupt(String subject, byte[] payload, boolean mustBeRejected) {
	}

	static List<Corrupt> corpus(Random random, int size) {
		List<Corrupt> corpus = new ArrayList<>(size);
		String[] types = { "REQ", "RES", "EVENT", "INFO", "HEARTBEAT", "PING", "PONG", "DISCOVER", "DISCONNECT" };
		while (corpus.size() < size) {
			String type = types[random.nextInt(types.length)];
			String subject = "MOL." + type + (targeted(type) ? ".b" : "");
			ObjectNode valid = valid(type, random);
			int kind = random.nextInt(11);
			switch (kind) {
				case 0 -> corpus.add(new Corrupt(subject, garbage(random), true));
				case 1 -> {
					byte[] bytes = MAPPER.writeValueAsBytes(valid);
					corpus.add(new Corrupt(subject, java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length - 1)), true));
				}
				case 2 -> {
					List<String> fields = new ArrayList<>(valid.propertyNames());
					String field = fields.get(random.nextInt(fields.size()));
					if (requiredTyped(type, field)) {
						valid.set(field, wrongValue(random, valid.get(field)));
						corpus.add(new Corrupt(subject, MAPPER.writeValueAsBytes(valid), true));
					}
				}
				case 3 -> {
					String field = required(type)[random.nextInt(required(type).length)];
					valid.remove(field);
					corpus.add(new Corrupt(subject, MAPPER.writeValueAsBytes(valid), true));
				}
				case 4 -> {
					valid.set("ver", random.nextBoolean() ? NODES.stringNode(random.nextBoolean() ? "4" : "6")
							: NODES.numberNode(5));
					corpus.add(new Corrupt(subject, MAPPER.writeValueAsBytes(valid), true));
				}
				case 5 -> {
					// Echo of this node's own control packets, on subjects only this node reads: ignored.
					// (A packet that claims to come from another real node cannot be told from a real one:
					// the protocol has no sender authentication; NATS authorization is the defence.)
					if (type.equals("INFO") || type.equals("DISCOVER") || type.equals("PING") || type.equals("PONG")) {
						valid.put("sender", "b");
						valid.remove("instanceID");
						corpus.add(new Corrupt("MOL." + type + ".b", MAPPER.writeValueAsBytes(valid), false));
					}
				}
				case 6 -> {
					if (type.equals("REQ") || type.equals("EVENT")) {
						valid.set(type.equals("REQ") ? "params" : "data", nested(150 + random.nextInt(300)));
						corpus.add(new Corrupt(subject, MAPPER.writeValueAsBytes(valid), true));
					}
				}
				case 7 -> {
					if (type.equals("REQ")) {
						// A large but well-formed request for an unknown action: answered with an error, not dropped.
						ArrayNode big = valid.putArray("params");
						for (int i = 0; i < 20_000; i++) {
							big.add(i);
						}
						corpus.add(new Corrupt(subject, MAPPER.writeValueAsBytes(valid), false));
					}
				}
				// Unknown subjects: nobody subscribes to them, so they never reach the node.
				case 8 -> corpus.add(new Corrupt("MOL.NOPE" + random.nextInt(5) + ".b",
						MAPPER.writeValueAsBytes(valid), false));
				case 9 -> corpus.add(new Corrupt(subject, "{\"ver\":\"5\",\"sender\":\"x\"} trailing"
					.getBytes(StandardCharsets.UTF_8), true));
				default -> {
					if (type.equals("RES")) {
						// A response nobody waits for: an orphan, ignored.
						corpus.add(new Corrupt(subject, MAPPER.writeValueAsBytes(valid), false));
					}
				}
			}
		}
		return corpus;
	}

	private static boolean targeted(String type) {
		return type.equals("REQ") || type.equals("RES") || type.equals("EVENT") || type.equals("PONG");
	}

	private static String[] required(String type) {
		return switch (type) {
			case "REQ" -> new String[] { "ver", "sender", "id", "action" };
			case "RES" -> new String[] { "ver", "sender", "id", "success" };
			case "EVENT" -> new String[] { "ver", "sender", "event" };
			case "INFO" -> new String[] { "ver", "sender", "services" };
			case "PING" -> new String[] { "ver", "sender", "time", "id" };
			case "PONG" -> new String[] { "ver", "sender", "time", "id", "arrived" };
			default -> new String[] { "ver", "sender" };
		};
	}

	private static boolean requiredTyped(String type, String field) {
		for (String required : required(type)) {
			if (required.equals(field)) {
				return true;
			}
		}
		return switch (field) {
			case "meta", "level", "groups", "services", "timeout" -> true;
			default -> false;
		};
	}

	private static ObjectNode valid(String type, Random random) {
		ObjectNode node = NODES.objectNode();
		String id = "x" + random.nextInt(1_000_000);
		switch (type) {
			case "REQ" -> {
				node.put("id", id);
				node.put("action", "ghost.action" + random.nextInt(10));
				node.putObject("params").put("n", random.nextInt());
				node.putObject("meta");
				node.putObject("headers");
				node.put("timeout", 0);
				node.put("level", 1);
				node.putNull("tracing");
				node.putNull("parentID");
				node.put("requestID", id);
				node.putNull("caller");
				node.put("stream", false);
			}
			case "RES" -> {
				node.put("id", id);
				node.putObject("meta");
				node.put("success", true);
				node.put("data", 1);
			}
			case "EVENT" -> {
				node.put("id", id);
				node.put("event", "ghost.event");
				node.putObject("data");
				node.putArray("groups").add("nobody");
				node.put("broadcast", false);
				node.putObject("meta");
				node.put("level", 1);
			}
			case "INFO" -> {
				ArrayNode services = node.putArray("services");
				ObjectNode service = services.addObject();
				service.put("name", "ghost");
				service.putObject("actions").putObject("ghost.a").put("name", "ghost.a");
				service.putObject("events");
				node.put("instanceID", id);
				node.put("seq", 1);
			}
			case "HEARTBEAT" -> node.put("cpu", random.nextInt(100));
			case "PING", "PONG" -> {
				node.put("time", System.currentTimeMillis());
				node.put("id", id);
				if (type.equals("PONG")) {
					node.put("arrived", System.currentTimeMillis());
				}
			}
			default -> {
			}
		}
		node.put("ver", "5");
		node.put("sender", "intruder-" + random.nextInt(20));
		return node;
	}

	private static JsonNode wrongValue(Random random, JsonNode current) {
		JsonNode[] candidates = { NODES.arrayNode().add(1), NODES.objectNode().put("x", 1), NODES.booleanNode(true),
				NODES.numberNode(1.5), NODES.stringNode("text") };
		for (int i = 0; i < 10; i++) {
			JsonNode candidate = candidates[random.nextInt(candidates.length)];
			if (candidate.getNodeType() != current.getNodeType()
					&& !(current.isString() && candidate.isString())) {
				return candidate;
			}
		}
		return NODES.arrayNode();
	}

	private static JsonNode nested(int depth) {
		ArrayNode root = NODES.arrayNode();
		ArrayNode current = root;
		for (int i = 0; i < depth; i++) {
			current = current.addArray();
		}
		return root;
	}

	private static byte[] garbage(Random random) {
		byte[] bytes = new byte[1 + random.nextInt(300)];
		random.nextBytes(bytes);
		return bytes;
	}

	static final class Silent implements TransporterListener {

		@Override
		public void onMessage(String subject, byte[] payload) {
		}

		@Override
		public void onConnected(boolean reconnected) {
		}

		@Override
		public void onDisconnected() {
		}

	}

}
