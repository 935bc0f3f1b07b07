package io.github.moleculerspring.protocol;

import java.util.List;
import java.util.stream.Stream;

import io.github.moleculerspring.error.InvalidPacketDataError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Parses every packet captured from real Moleculer.js 0.14 (protocol 4) and 0.15 (protocol 5) nodes
 * and re-emits it: the re-emitted JSON must equal the capture, field for field.
 */
class ProtocolVectorsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final JsonPacketSerializer serializer = new JsonPacketSerializer();

	static Stream<ProtocolVectors.Captured> v4() {
		return ProtocolVectors.packets("v4").stream();
	}

	static Stream<ProtocolVectors.Captured> v5() {
		return ProtocolVectors.packets("v5").stream();
	}

	static Stream<ProtocolVectors.Captured> mixed() {
		return ProtocolVectors.packets("mixed").stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("v4")
	void protocol4PacketsParseAndReEmitIdentically(ProtocolVectors.Captured captured) {
		assertRoundTrip(captured);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("v5")
	void protocol5PacketsParseAndReEmitIdentically(ProtocolVectors.Captured captured) {
		assertRoundTrip(captured);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mixed")
	void mixedVersionPacketsParseAndReEmitIdentically(ProtocolVectors.Captured captured) {
		assertRoundTrip(captured);
	}

	private void assertRoundTrip(ProtocolVectors.Captured captured) {
		PacketType type = new Topics(namespace(captured.subject())).typeOf(captured.subject());
		assertThat(type).as("packet type of %s", captured.subject()).isNotNull();
		if (hasNamelessDescriptor(captured.payload())) {
			// Experiment 54: Moleculer.js rejects the whole INFO; so does this node.
			assertThatExceptionOfType(InvalidPacketDataError.class)
				.isThrownBy(() -> this.serializer.deserialize(type, captured.bytes()))
				.satisfies((ex) -> assertThat(ex.getReason()).contains("has no 'name'"));
			return;
		}
		Packet packet = this.serializer.deserialize(type, captured.bytes());
		assertThat(packet.type()).isEqualTo(type);
		assertThat(packet.ver()).isEqualTo(captured.payload().get("ver").asString());
		assertThat(packet.sender()).isEqualTo(captured.payload().get("sender").asString());
		JsonNode reEmitted = MAPPER.readTree(this.serializer.serialize(packet));
		assertThat(reEmitted).isEqualTo(expected(captured.payload(), type));
	}

	/**
	 * The capture as this serializer writes it: EVENT always carries {@code needAck: null}, as
	 * Moleculer.js sends it (hand-written peers in some captures leave it out), and a service
	 * descriptor always carries {@code fullName}, {@code settings} and {@code metadata}, which a
	 * decoder fills with Moleculer's defaults when a minimal INFO leaves them out (experiment 53).
	 */
	private static JsonNode expected(JsonNode payload, PacketType type) {
		ObjectNode copy = (ObjectNode) payload.deepCopy();
		if (type == PacketType.EVENT && !copy.has("needAck")) {
			copy.putNull("needAck");
		}
		if (type == PacketType.INFO) {
			for (JsonNode service : copy.get("services")) {
				ObjectNode node = (ObjectNode) service;
				if (!node.has("fullName")) {
					node.put("fullName", ServiceInfo.fullName(node.get("name").asString(),
							node.has("version") ? MAPPER.treeToValue(node.get("version"), Object.class) : null));
				}
				if (!node.has("settings")) {
					node.putObject("settings");
				}
				if (!node.has("metadata")) {
					node.putObject("metadata");
				}
			}
		}
		return copy;
	}

	private static boolean hasNamelessDescriptor(JsonNode payload) {
		JsonNode services = payload.get("services");
		if (services == null) {
			return false;
		}
		for (JsonNode service : services) {
			for (String map : new String[] { "actions", "events" }) {
				JsonNode entries = service.get(map);
				if (entries != null) {
					for (JsonNode entry : entries) {
						if (!entry.has("name")) {
							return true;
						}
					}
				}
			}
		}
		return false;
	}

	private static String namespace(String subject) {
		String prefix = subject.substring(0, subject.indexOf('.'));
		return prefix.startsWith("MOL-") ? prefix.substring(4) : "";
	}

	@org.junit.jupiter.api.Test
	void vectorsOfBothVersionsArePresent() {
		List<ProtocolVectors.Captured> v4 = ProtocolVectors.packets("v4");
		List<ProtocolVectors.Captured> v5 = ProtocolVectors.packets("v5");
		assertThat(v4).hasSizeGreaterThan(100);
		assertThat(v5).hasSizeGreaterThan(100);
		// 55-foreign-wrong-version deliberately carries the other version.
		assertThat(v4).filteredOn((c) -> !c.name().contains("wrong-version"))
			.allSatisfy((c) -> assertThat(c.payload().get("ver").asString()).isEqualTo("4"));
		assertThat(v5).filteredOn((c) -> !c.name().contains("wrong-version"))
			.allSatisfy((c) -> assertThat(c.payload().get("ver").asString()).isEqualTo("5"));
		assertThat(v4).anySatisfy((c) -> assertThat(hasNamelessDescriptor(c.payload())).isTrue());
	}

	@org.junit.jupiter.api.Test
	void everyVectorFileIsInTheRepositoryAndListedInTheManifest() throws Exception {
		List<String> manifest = ProtocolVectors.manifest();
		assertThat(manifest).hasSize(83).doesNotHaveDuplicates();
		assertThat(manifest).allSatisfy((file) -> assertThat(ProtocolVectors.read(file)).isNotEmpty());
		java.net.URL root = getClass().getClassLoader().getResource(ProtocolVectors.ROOT);
		assertThat(root).as("vectors folder on the test classpath").isNotNull();
		java.nio.file.Path folder = java.nio.file.Path.of(root.toURI());
		try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(folder)) {
			List<String> present = files.filter((f) -> f.toString().endsWith(".json"))
				.map((f) -> folder.relativize(f).toString().replace('\\', '/'))
				.sorted()
				.toList();
			assertThat(present).containsExactlyInAnyOrderElementsOf(manifest);
		}
	}

}
