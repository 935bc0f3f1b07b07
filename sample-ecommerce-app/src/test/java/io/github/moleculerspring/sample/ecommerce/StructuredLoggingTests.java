package io.github.moleculerspring.sample.ecommerce;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample with the {@code ecs} profile: console lines are JSON (Elastic Common Schema), and
 * a line logged by a handler carries Moleculer's MDC: {@code requestID}, {@code nodeID} and
 * {@code action}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
@ActiveProfiles("ecs")
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

	@Autowired
	private ServiceBroker broker;

	@Autowired
	private JsonMapper mapper;

	@Test
	void handlerLogLineIsJsonWithRequestIDNodeIDAndAction(CapturedOutput output) throws Exception {
		assertThat(this.broker.call("greeter.welcome", Map.of("name", "Linus")).get(10, TimeUnit.SECONDS))
			.isEqualTo("Welcome, Linus");
		String line = output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains("Welcoming Linus"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No log line of greeter.welcome in:\n" + output.getOut()));
		JsonNode json = this.mapper.readTree(line);
		assertThat(json.path("message").asString()).isEqualTo("Welcoming Linus");
		assertThat(json.path("log").path("logger").asString()).isEqualTo(GreeterService.class.getName());
		assertThat(json.path("nodeID").asString()).isEqualTo(this.broker.nodeID());
		assertThat(json.path("action").asString()).isEqualTo("greeter.welcome");
		assertThat(json.path("requestID").asString()).matches("[0-9a-f-]{32,36}");
	}

}
