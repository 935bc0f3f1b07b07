package io.github.moleculerspring.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.error.InvalidPacketDataError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JsonPacketSerializerTests {

	private final JsonPacketSerializer serializer = new JsonPacketSerializer();

	@Test
	void requestRoundTripKeepsEveryField() {
		Map<String, Object> meta = new LinkedHashMap<>(Map.of("user", Map.of("id", 7)));
		RequestPacket packet = new RequestPacket("id-1", "v2.greeter.hello", Map.of("name", "Ann"), meta,
				Map.of("h", "v"), 4999.79, 2, null, "parent", "root", "v2.caller", false, null, "5", "node-a");
		RequestPacket decoded = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST,
				this.serializer.serialize(packet));
		assertThat(decoded.id()).isEqualTo("id-1");
		assertThat(decoded.action()).isEqualTo("v2.greeter.hello");
		assertThat(decoded.params()).isInstanceOf(RawJson.class).hasToString("{\"name\":\"Ann\"}");
		assertThat(decoded.meta()).isEqualTo(Map.of("user", Map.of("id", 7)));
		assertThat(decoded.headers()).isEqualTo(Map.of("h", "v"));
		assertThat(decoded.timeout()).isEqualTo(4999.79);
		assertThat(decoded.level()).isEqualTo(2);
		assertThat(decoded.parentID()).isEqualTo("parent");
		assertThat(decoded.requestID()).isEqualTo("root");
		assertThat(decoded.caller()).isEqualTo("v2.caller");
		assertThat(decoded.sender()).isEqualTo("node-a");
	}

	@Test
	void protocol4PacketsCarryNoHeaders() {
		RequestPacket packet = new RequestPacket("id", "a.b", Map.of(), Map.of(), Map.of("h", 1), 0, 1, null, null,
				"id", null, false, null, "4", "n");
		assertThat(new String(this.serializer.serialize(packet), StandardCharsets.UTF_8)).doesNotContain("headers")
			.contains("\"ver\":\"4\"");
	}

	@Test
	void integralTimeoutIsWrittenAsAnInteger() {
		RequestPacket packet = new RequestPacket("id", "a.b", Map.of(), Map.of(), null, 500, 1, null, null, "id",
				null, false, null, "5", "n");
		assertThat(new String(this.serializer.serialize(packet), StandardCharsets.UTF_8)).contains("\"timeout\":500,");
	}

	@Test
	void absentResponseDataStaysAbsent() {
		ResponsePacket packet = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE,
				bytes("{\"id\":\"1\",\"meta\":{},\"success\":true,\"ver\":\"5\",\"sender\":\"n\"}"));
		assertThat(Packets.isAbsent(packet.data())).isTrue();
		assertThat(new String(this.serializer.serialize(packet), StandardCharsets.UTF_8)).doesNotContain("\"data\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "null", "[]", "\"text\"", "42", "{", "{\"id\":", "{} {}", "\u0000\u0001garbage",
			"{\"ver\":5,\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\"}",
			"{\"ver\":\"5\",\"id\":\"1\",\"action\":\"a\"}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"action\":\"a\"}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\"}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":[\"a\"]}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"meta\":[]}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"level\":\"deep\"}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"level\":1.5}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"timeout\":-1}",
			"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"headers\":\"x\"}",
			"{\"ver\":\"5\",\"sender\":{\"a\":1},\"id\":\"1\",\"action\":\"a\"}" })
	void malformedRequestIsAnInvalidPacketDataError(String json) {
		assertThatExceptionOfType(InvalidPacketDataError.class)
			.isThrownBy(() -> this.serializer.deserialize(PacketType.REQUEST, bytes(json)))
			.satisfies((ex) -> assertThat(ex.getReason()).isNotBlank());
	}

	@Test
	void deeplyNestedParamsAreRejected() {
		String nested = "[".repeat(5000) + "]".repeat(5000);
		String json = "{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":" + nested + "}";
		assertThatExceptionOfType(InvalidPacketDataError.class)
			.isThrownBy(() -> this.serializer.deserialize(PacketType.REQUEST, bytes(json)))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("malformed JSON"));
	}

	@Test
	void nestingUpToTheLimitIsAccepted() {
		int depth = JsonPacketSerializer.MAX_NESTING_DEPTH - 2;
		String nested = "[".repeat(depth) + "]".repeat(depth);
		String json = "{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":" + nested + "}";
		RequestPacket packet = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, bytes(json));
		assertThat(packet.params()).isInstanceOf(RawJson.class).hasToString(nested);
	}

	@Test
	void paramsNeverInstantiateClassesNamedInThePacket() {
		String json = "{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":"
				+ "[\"java.lang.ProcessBuilder\",{\"command\":[\"touch\",\"/tmp/pwned\"]}],"
				+ "\"meta\":{\"@class\":\"java.lang.ProcessBuilder\",\"x\":[\"java.util.HashMap\",{}]}}";
		RequestPacket packet = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, bytes(json));
		assertThat(packet.params()).isInstanceOf(RawJson.class)
			.hasToString("[\"java.lang.ProcessBuilder\",{\"command\":[\"touch\",\"/tmp/pwned\"]}]");
		assertThat(packet.meta().get("@class")).isEqualTo("java.lang.ProcessBuilder");
		assertThat(packet.meta().get("x")).isInstanceOf(List.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "[]", "{ \"a\" : [1, 2.5e3, -0, true, false, null, \"x\\\"\\u00e9\"] }", "\"t\\\"ext\"",
			"\"\u00e9\u4e2d\"", "42", "-1.5E-7", "12345678901234567890", "true", "false", "[[],{}]" })
	void paramsAreTheExactSpanOfTheirValue(String value) {
		for (String json : List.of("{\"params\":" + value + ",\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\"}",
				"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":  " + value + "  }",
				"{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":" + value + "}")) {
			RequestPacket packet = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST, bytes(json));
			assertThat(packet.params()).isInstanceOf(RawJson.class).hasToString(value);
			assertThat(packet.action()).isEqualTo("a");
		}
	}

	@Test
	void nullParamsAreAJsonNull() {
		RequestPacket packet = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST,
				bytes("{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":null}"));
		assertThat(packet.params()).isInstanceOf(JsonNode.class).matches((p) -> ((JsonNode) p).isNull());
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"bad \\q escape\"", "{\"a\":}", "[1,]", "{\"a\" 1}", "[\"unclosed\"", "tru", "01",
			"{\"a\":\"\u0001\"}" })
	void malformedParamsAreAnInvalidPacketDataError(String value) {
		String json = "{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":" + value + "}";
		assertThatExceptionOfType(InvalidPacketDataError.class)
			.isThrownBy(() -> this.serializer.deserialize(PacketType.REQUEST, bytes(json)));
	}

	@Test
	void paramsWithInvalidUtf8AreAnInvalidPacketDataError() {
		byte[] head = bytes("{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":{\"s\":\"");
		byte[] tail = bytes("\"}}");
		byte[] json = new byte[head.length + 2 + tail.length];
		System.arraycopy(head, 0, json, 0, head.length);
		json[head.length] = (byte) 0xC3;
		json[head.length + 1] = (byte) 0x28;
		System.arraycopy(tail, 0, json, head.length + 2, tail.length);
		assertThatExceptionOfType(InvalidPacketDataError.class)
			.isThrownBy(() -> this.serializer.deserialize(PacketType.REQUEST, json));
	}

	@Test
	void receivedParamsAreEchoedByteForByte() {
		String params = "{ \"b\" : [1.50, \"\\u00e9\"], \"a\":{} }";
		RequestPacket request = (RequestPacket) this.serializer.deserialize(PacketType.REQUEST,
				bytes("{\"ver\":\"5\",\"sender\":\"n\",\"id\":\"1\",\"action\":\"a\",\"params\":" + params + "}"));
		ResponsePacket echo = new ResponsePacket("1", Map.of(), null, true, request.params(), null, null, null, "5", "m");
		String written = new String(this.serializer.serialize(echo), StandardCharsets.UTF_8);
		assertThat(written).isEqualTo("{\"id\":\"1\",\"meta\":{},\"headers\":null,\"success\":true,\"data\":" + params
				+ ",\"ver\":\"5\",\"sender\":\"m\"}");
		ResponsePacket decoded = (ResponsePacket) this.serializer.deserialize(PacketType.RESPONSE, bytes(written));
		assertThat(decoded.data()).isEqualTo(request.params()).hasSameHashCodeAs(request.params());
	}

	@Test
	void rawJsonEqualityIsOnTheBytesOfTheSpan() {
		byte[] one = bytes("xx[1,2]");
		byte[] two = bytes("[1,2]yy");
		RawJson a = new RawJson(one, 2, 5);
		RawJson b = new RawJson(two, 0, 5);
		assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString("[1,2]");
		assertThat(a).isNotEqualTo(new RawJson(two, 0, 4));
		assertThat(a.toByteArray()).isEqualTo(bytes("[1,2]"));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> new RawJson(one, 5, 5));
	}

	@Test
	void infoWithNonObjectServiceIsRejected() {
		assertThatExceptionOfType(InvalidPacketDataError.class).isThrownBy(() -> this.serializer
			.deserialize(PacketType.INFO, bytes("{\"ver\":\"5\",\"sender\":\"n\",\"services\":[1]}")));
		assertThatExceptionOfType(InvalidPacketDataError.class).isThrownBy(() -> this.serializer
			.deserialize(PacketType.INFO, bytes("{\"ver\":\"5\",\"sender\":\"n\"}")));
		assertThatExceptionOfType(InvalidPacketDataError.class).isThrownBy(() -> this.serializer.deserialize(
				PacketType.INFO, bytes("{\"ver\":\"5\",\"sender\":\"n\",\"services\":[{\"name\":\"s\",\"actions\":[]}]}")));
	}

	@Test
	void missingServiceFullNameIsComputedAsMoleculerDoes() {
		InfoPacket info = (InfoPacket) this.serializer.deserialize(PacketType.INFO, bytes(
				"{\"ver\":\"5\",\"sender\":\"n\",\"services\":[{\"name\":\"greeter\",\"version\":2},{\"name\":\"x\",\"version\":\"beta\"}]}"));
		assertThat(info.services()).extracting(ServiceInfo::fullName).containsExactly("v2.greeter", "beta.x");
		assertThat(info.seq()).isNull();
	}

	@Test
	void pingTimeBeyond32BitsIsKept() {
		PingPacket ping = (PingPacket) this.serializer.deserialize(PacketType.PING,
				bytes("{\"time\":1795333998259,\"id\":\"p\",\"ver\":\"5\",\"sender\":\"n\"}"));
		assertThat(ping.time()).isEqualTo(1795333998259L);
	}

	private static byte[] bytes(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
