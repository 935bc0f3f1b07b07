package io.github.moleculerspring.transport.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream request, sent over a real nats-server as Moleculer.js sends one (a first REQUEST with
 * {@code stream: true, seq: 0}, chunks with {@code seq} 1..n, a closing packet with
 * {@code stream: false}), is answered once with Moleculer's {@code MoleculerClientError} (422,
 * {@code STREAM_NOT_SUPPORTED}); the handler never runs and the chunks get no answer of their own.
 * The packets are written by hand in the shapes of Moleculer.js 0.15's and 0.14's
 * {@code Transit._sendRequest} (protocol 5: the params travel in the first packet, the stream in the
 * chunks; protocol 4: the stream is the params, so the first packet's params are {@code null});
 * {@code InteropTests} makes real Moleculer.js nodes send them.
 */
class StreamRequestTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static NatsServer nats;

	private final List<ServiceBroker> brokers = new ArrayList<>();

	private final AtomicInteger handled = new AtomicInteger();

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@AfterEach
	void stopBrokers() {
		this.brokers.forEach(ServiceBroker::close);
	}

	@Test
	void aProtocol5StreamRequestIsAnsweredWithStreamNotSupported() throws Exception {
		String namespace = "stream5-" + System.nanoTime();
		startBroker(namespace, ProtocolVersion.V5);
		String id = UUID.randomUUID().toString();
		String common = """
				"ver":"5","sender":"js-node","id":"%s","action":"files.save","meta":{},"headers":{},"timeout":0,\
				"level":1,"tracing":null,"parentID":null,"requestID":"%s","caller":null""".formatted(id, id);
		List<JsonNode> answers = exchange(namespace, id, List.of(
				"{" + common + ",\"params\":{\"name\":\"a.txt\"},\"stream\":true,\"seq\":0}",
				"{" + common + ",\"params\":{\"type\":\"Buffer\",\"data\":[104,105]},\"stream\":true,\"seq\":1}",
				"{" + common + ",\"params\":null,\"stream\":false,\"seq\":2}"), "5");

		assertStreamNotSupported(answers, id, "5");
	}

	@Test
	void aProtocol4StreamRequestIsAnsweredWithStreamNotSupported() throws Exception {
		String namespace = "stream4-" + System.nanoTime();
		startBroker(namespace, ProtocolVersion.V4);
		String id = UUID.randomUUID().toString();
		String common = """
				"ver":"4","sender":"js-node","id":"%s","action":"files.save","timeout":0,"level":1,\
				"tracing":null,"parentID":null,"requestID":"%s","caller":null""".formatted(id, id);
		List<JsonNode> answers = exchange(namespace, id, List.of(
				"{" + common + ",\"params\":null,\"meta\":{},\"stream\":true,\"seq\":0}",
				"{" + common + ",\"params\":{\"type\":\"Buffer\",\"data\":[104,105]},\"meta\":{},\"stream\":true,\"seq\":1}",
				"{" + common + ",\"params\":null,\"meta\":{},\"stream\":false,\"seq\":2}"), "4");

		assertStreamNotSupported(answers, id, "4");
	}

	private void assertStreamNotSupported(List<JsonNode> answers, String id, String ver) {
		List<JsonNode> forStream = answers.stream().filter((answer) -> id.equals(answer.path("id").asString())).toList();
		assertThat(forStream).as("answers to the stream request %s", answers).hasSize(1);
		JsonNode answer = forStream.get(0);
		assertThat(answer.path("ver").asString()).isEqualTo(ver);
		assertThat(answer.path("sender").asString()).isEqualTo("java-node");
		assertThat(answer.path("success").asBoolean()).isFalse();
		JsonNode error = answer.path("error");
		assertThat(error.path("name").asString()).isEqualTo("MoleculerClientError");
		assertThat(error.path("code").asInt()).isEqualTo(422);
		assertThat(error.path("type").asString()).isEqualTo("STREAM_NOT_SUPPORTED");
		assertThat(error.path("data").path("action").asString()).isEqualTo("files.save");
		assertThat(error.path("data").path("nodeID").asString()).isEqualTo("java-node");
		// Only the two plain requests reached the handler, and each got its answer.
		assertThat(this.handled).hasValue(2);
		assertThat(answers).filteredOn((other) -> !id.equals(other.path("id").asString()))
			.hasSize(2)
			.allSatisfy((plain) -> {
				assertThat(plain.path("success").asBoolean()).isTrue();
				assertThat(plain.path("data").asString()).isEqualTo("saved");
			});
	}

	private void startBroker(String namespace, ProtocolVersion version) throws Exception {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID("java-node")
			.namespace(namespace)
			.protocolVersion(version)
			.transporter(new NatsTransporter(NatsTransporterOptions.of(nats.url())))
			.build());
		broker.createService(ServiceDefinition.builder("files").action("save", (ctx) -> {
			this.handled.incrementAndGet();
			return "saved";
		}).build());
		this.brokers.add(broker);
		broker.start().get(30, TimeUnit.SECONDS);
	}

	/**
	 * Publishes the stream packets and a plain request for the same action, collects RESPONSEs until
	 * both are answered (requests are handled in parallel, so in any order), then sends one more plain
	 * request and collects up to its answer: the chunks, published before it, are handled by then, so
	 * an answer to any of them would be among those returned.
	 */
	private static List<JsonNode> exchange(String namespace, String streamID, List<String> streamPackets, String ver)
			throws Exception {
		try (Connection connection = Nats.connect(nats.url())) {
			Subscription responses = connection.subscribe("MOL-" + namespace + ".RES.js-node");
			connection.flush(Duration.ofSeconds(5));
			String subject = "MOL-" + namespace + ".REQ.java-node";
			for (String packet : streamPackets) {
				connection.publish(subject, packet.getBytes(StandardCharsets.UTF_8));
			}
			List<JsonNode> answers = new ArrayList<>();
			String first = plainRequest(connection, subject, ver);
			awaitAnswers(responses, answers, List.of(first, streamID));
			String second = plainRequest(connection, subject, ver);
			awaitAnswers(responses, answers, List.of(second));
			return answers;
		}
	}

	private static String plainRequest(Connection connection, String subject, String ver) {
		String id = UUID.randomUUID().toString();
		String plain = """
				{"ver":"%s","sender":"js-node","id":"%s","action":"files.save","params":{"name":"b.txt"},\
				"meta":{},"timeout":0,"level":1,"tracing":null,"parentID":null,"requestID":"%s","caller":null,\
				"stream":false}""".formatted(ver, id, id);
		connection.publish(subject, plain.getBytes(StandardCharsets.UTF_8));
		return id;
	}

	/** Reads RESPONSEs into {@code answers} until there is one for each of the IDs. */
	private static void awaitAnswers(Subscription responses, List<JsonNode> answers, List<String> ids)
			throws Exception {
		while (!ids.stream()
			.allMatch((id) -> answers.stream().anyMatch((answer) -> id.equals(answer.path("id").asString())))) {
			Message message = responses.nextMessage(Duration.ofSeconds(10));
			assertThat(message).as("a RESPONSE from java-node for each of %s (so far: %s)", ids, answers).isNotNull();
			answers.add(MAPPER.readTree(message.getData()));
		}
	}

}
