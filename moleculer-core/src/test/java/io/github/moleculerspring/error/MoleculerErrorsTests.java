package io.github.moleculerspring.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Moleculer's error classes and their round trip through the JSON error object. */
class MoleculerErrorsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	static Stream<Arguments> builtInErrors() {
		return Stream.of(
				Arguments.of(new MoleculerError("boom", 418, "TEAPOT", Map.of("id", 1)), "MoleculerError", 418, "TEAPOT", false),
				Arguments.of(new MoleculerRetryableError("again", 500, "X", null), "MoleculerRetryableError", 500, "X", true),
				Arguments.of(new MoleculerServerError("server"), "MoleculerServerError", 500, null, true),
				Arguments.of(new MoleculerClientError("client"), "MoleculerClientError", 400, null, false),
				Arguments.of(ValidationError.of("bad", List.of(new ValidationError.Violation("required", "name", "missing"))),
						"ValidationError", 422, "VALIDATION_ERROR", false),
				Arguments.of(new ServiceNotFoundError("math.add", "node-1"), "ServiceNotFoundError", 404, "SERVICE_NOT_FOUND", true),
				Arguments.of(new ServiceNotAvailableError("math.add", null), "ServiceNotAvailableError", 404, "SERVICE_NOT_AVAILABLE", true),
				Arguments.of(new RequestTimeoutError("math.add", "node-1"), "RequestTimeoutError", 504, "REQUEST_TIMEOUT", true),
				Arguments.of(new RequestSkippedError("math.add", "node-1"), "RequestSkippedError", 514, "REQUEST_SKIPPED", false),
				Arguments.of(new RequestRejectedError("math.add", "node-1"), "RequestRejectedError", 503, "REQUEST_REJECTED", true),
				Arguments.of(new QueueIsFullError("math.add", "node-1"), "QueueIsFullError", 429, "QUEUE_FULL", true),
				Arguments.of(new MaxCallLevelError("node-1", 5), "MaxCallLevelError", 500, "MAX_CALL_LEVEL", false),
				Arguments.of(new ServiceSchemaError("bad schema", null), "ServiceSchemaError", 500, "SERVICE_SCHEMA_ERROR", false),
				Arguments.of(new BrokerOptionsError("bad option", null), "BrokerOptionsError", 500, "BROKER_OPTIONS_ERROR", false),
				Arguments.of(new GracefulStopTimeoutError(Map.of("name", "svc")), "GracefulStopTimeoutError", 500, "GRACEFUL_STOP_TIMEOUT", false),
				Arguments.of(new ProtocolVersionMismatchError("node-1", "5", "4"), "ProtocolVersionMismatchError", 500, "PROTOCOL_VERSION_MISMATCH", false),
				Arguments.of(new InvalidPacketDataError("REQUEST", "node-1", "no id"), "InvalidPacketDataError", 500, "INVALID_PACKET_DATA", false),
				Arguments.of(new BrokerDisconnectedError(), "BrokerDisconnectedError", 502, "BAD_GATEWAY", true));
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("builtInErrors")
	void builtInErrorHasMoleculersNameCodeTypeAndRetryableFlag(MoleculerError error, String name, int code,
			String type, boolean retryable) {
		assertThat(error.getName()).isEqualTo(name);
		assertThat(error.getCode()).isEqualTo(code);
		assertThat(error.getType()).isEqualTo(type);
		assertThat(error.isRetryable()).isEqualTo(retryable);
	}

	@ParameterizedTest(name = "{1}")
	@MethodSource("builtInErrors")
	void builtInErrorSurvivesTheJsonRoundTrip(MoleculerError error, String name, int code, String type,
			boolean retryable) {
		MoleculerError decoded = throughJson(error, "server-node");
		assertThat(decoded.getClass()).isEqualTo((name.equals("BrokerDisconnectedError")) ? MoleculerError.class
				: error.getClass());
		assertThat(decoded.getName()).isEqualTo(name);
		assertThat(decoded.getMessage()).isEqualTo(error.getMessage());
		assertThat(decoded.getCode()).isEqualTo(code);
		assertThat(decoded.getType()).isEqualTo(type);
		assertThat(decoded.isRetryable()).isEqualTo(retryable);
		assertThat(decoded.getNodeID()).isEqualTo("server-node");
		assertThat(decoded.getData()).isEqualTo(MAPPER.convertValue(error.getData(), Object.class));
		assertThat(decoded.getRemoteStack()).startsWith(name + ": ");
	}

	@Test
	void unknownRemoteErrorNameIsKeptWithItsFields() {
		Map<String, Object> payload = Map.of("name", "IllegalStateException", "message", "nope", "code", 503,
				"type", "STATE", "retryable", true, "data", Map.of("why", "closed"), "nodeID", "java-node");
		MoleculerError decoded = MoleculerErrors.fromPayload(payload, "other");
		assertThat(decoded.getClass()).isEqualTo(MoleculerError.class);
		assertThat(decoded.getName()).isEqualTo("IllegalStateException");
		assertThat(decoded.getMessage()).isEqualTo("nope");
		assertThat(decoded.getCode()).isEqualTo(503);
		assertThat(decoded.getType()).isEqualTo("STATE");
		assertThat(decoded.isRetryable()).isTrue();
		assertThat(decoded.getNodeID()).isEqualTo("java-node");
		assertThat(decoded.getData()).isEqualTo(Map.of("why", "closed"));
		assertThat(MoleculerErrors.toPayload(decoded, "me", false)).containsEntry("name", "IllegalStateException");
	}

	@Test
	void retryableAndNodeIdComeFromThePayloadAsInMoleculerJs() {
		MoleculerError withoutFlag = MoleculerErrors.fromPayload(Map.of("name", "MoleculerServerError",
				"message", "m", "code", 500), "sender-node");
		assertThat(withoutFlag.isRetryable()).isFalse();
		assertThat(withoutFlag.getNodeID()).isEqualTo("sender-node");
	}

	@Test
	void unexpectedExceptionBecomesANonRetryableServerErrorCarryingItsMessage() {
		MoleculerError error = MoleculerErrors.toMoleculerError(new IllegalStateException("disk full"));
		assertThat(error).isInstanceOf(MoleculerServerError.class);
		assertThat(error.getMessage()).isEqualTo("disk full");
		assertThat(error.getCode()).isEqualTo(500);
		assertThat(error.isRetryable()).isFalse();
		assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
		Map<String, Object> payload = MoleculerErrors.toPayload(error, "node-1", true);
		assertThat(payload).containsEntry("name", "MoleculerServerError").containsEntry("nodeID", "node-1")
			.containsEntry("retryable", false).containsKey("stack");
	}

	@Test
	void withoutIncludeStackTheStackIsOnlyTheNameAndMessage() {
		MoleculerError error = MoleculerErrors.toMoleculerError(new IllegalStateException("disk full"));
		Map<String, Object> payload = MoleculerErrors.toPayload(error, "node-1", false, false);
		assertThat(payload).containsEntry("stack", "MoleculerServerError: disk full")
			.containsEntry("type", "UNHANDLED_EXCEPTION")
			.doesNotContainKey("data");
		assertThat(payload.toString()).doesNotContain("IllegalStateException", "java.");
		// A stack received from another node is not relayed either.
		MoleculerError relayed = new ServiceNotFoundError("math.add", "node-2").setRemoteStack("Error: x\n    at /srv/app.js:1");
		assertThat(MoleculerErrors.toPayload(relayed, "node-1", false, false)).containsEntry("stack",
				"ServiceNotFoundError: Service 'math.add' is not found on 'node-2' node.");
		assertThat(MoleculerErrors.toPayload(relayed, "node-1", true, false)).containsEntry("stack",
				"Error: x\n    at /srv/app.js:1");
	}

	@Test
	void anExceptionWithoutMessageIsNotDescribedByItsClassName() {
		MoleculerError error = MoleculerErrors.toMoleculerError(new NullPointerException());
		assertThat(error.getMessage()).isEqualTo("Unexpected error (the exception has no message)");
		assertThat(MoleculerErrors.toPayload(error, "node-1", false, false).toString())
			.doesNotContain("NullPointerException");
		assertThat(MoleculerErrors.toPayload(error, "node-1", false, true)).containsEntry("data",
				Map.of("exception", "java.lang.NullPointerException"));
	}

	@Test
	void includeExceptionNamesTheJavaClassOnlyForUnexpectedExceptions() {
		MoleculerError wrapped = MoleculerErrors.toMoleculerError(new IllegalStateException("disk full"));
		assertThat(wrapped.getData()).isNull();
		assertThat(MoleculerErrors.toPayload(wrapped, "node-1", false, true)).containsEntry("data",
				Map.of("exception", "java.lang.IllegalStateException"));
		assertThat(MoleculerErrors.toPayload(new IllegalStateException("raw"), "node-1", false, true))
			.containsEntry("data", Map.of("exception", "java.lang.IllegalStateException"));
		MoleculerError own = new MoleculerServerError("mine", 500, "UNHANDLED_EXCEPTION", Map.of("k", "v"));
		assertThat(MoleculerErrors.toPayload(own, "node-1", false, true)).containsEntry("data", Map.of("k", "v"));
		assertThat(MoleculerErrors.toPayload(new MoleculerServerError("plain"), "node-1", false, true))
			.doesNotContainKey("data");
	}

	@Test
	void hiddenStackSurvivesTheJsonRoundTrip() {
		byte[] json = MAPPER.writeValueAsBytes(MoleculerErrors.toPayload(new RequestTimeoutError("math.add", "n-1"),
				"n-1", false, false));
		MoleculerError decoded = MoleculerErrors.fromPayload(MAPPER.readValue(json, Map.class), "sender");
		assertThat(decoded).isInstanceOf(RequestTimeoutError.class);
		assertThat(decoded.getRemoteStack())
			.isEqualTo("RequestTimeoutError: Request is timed out when call 'math.add' action on 'n-1' node.");
	}

	@Test
	void validationErrorDataKeepsFastestValidatorShape() {
		ValidationError error = ValidationError.of("Parameters validation error!",
				List.of(new ValidationError.Violation("number", "a", "The 'a' field must be a number.")
					.withOrigin("client-node", "math.add")));
		MoleculerError decoded = throughJson(error, "server-node");
		assertThat(decoded).isInstanceOf(ValidationError.class);
		assertThat(((ValidationError) decoded).getViolations()).singleElement().satisfies((violation) -> {
			assertThat(violation.type()).isEqualTo("number");
			assertThat(violation.field()).isEqualTo("a");
			assertThat(violation.nodeID()).isEqualTo("client-node");
			assertThat(violation.action()).isEqualTo("math.add");
		});
	}

	@Test
	void capturedJavascriptErrorDecodesAsMoleculerError() {
		// From vectors 03-call-error.
		String json = "{\"name\":\"MoleculerError\",\"message\":\"Something went wrong\",\"nodeID\":\"server-node\","
				+ "\"code\":418,\"type\":\"TEAPOT_ERROR\",\"retryable\":false,\"stack\":\"MoleculerError: Something\","
				+ "\"data\":{\"reason\":\"teapot\",\"id\":42}}";
		MoleculerError decoded = MoleculerErrors.fromPayload(MAPPER.readValue(json, Map.class), "x");
		assertThat(decoded.getCode()).isEqualTo(418);
		assertThat(decoded.getType()).isEqualTo("TEAPOT_ERROR");
		assertThat(decoded.getData()).isEqualTo(Map.of("reason", "teapot", "id", 42));
		assertThat(decoded.getNodeID()).isEqualTo("server-node");
	}

	private static MoleculerError throughJson(MoleculerError error, String nodeID) {
		byte[] json = MAPPER.writeValueAsBytes(MoleculerErrors.toPayload(error, nodeID, true));
		return MoleculerErrors.fromPayload(MAPPER.readValue(json, Map.class), "sender");
	}

}
