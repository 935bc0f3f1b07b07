package io.github.moleculerspring.sample.ecommerce;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the sample with the {@code ecs} profile: console lines are JSON (Elastic Common Schema), and
 * a line logged by a handler carries Moleculer's MDC: {@code requestID}, {@code nodeID} and
 * {@code action}.
 *
 * <p>
 * Spring Boot configures Logback once, for the first application of the JVM, and skips it for any
 * application started while that one runs. A cached test context of another test class is such an
 * application: as a {@code @SpringBootTest}, this test got that context's plain console whenever
 * another test class ran first, and, run first, it left its JSON console to every test after it. So
 * the test starts and closes the application itself, as Spring Boot's own structured logging smoke
 * test does: before starting it, it marks the logging system uninitialised (what closing an
 * application does), so that the application configures Logback from its own {@code ecs} profile;
 * closing it marks the logging system uninitialised again, and the logging system properties the
 * application set as system properties ({@code CONSOLE_LOG_STRUCTURED_FORMAT}, ...), which the next
 * application would inherit, are restored afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTests {

	private final Map<String, String> savedSystemProperties = new HashMap<>();

	@BeforeEach
	void saveLoggingSystemProperties() {
		for (LoggingSystemProperty property : LoggingSystemProperty.values()) {
			String name = property.getEnvironmentVariableName();
			String value = System.getProperty(name);
			if (value != null) {
				this.savedSystemProperties.put(name, value);
			}
		}
	}

	@AfterEach
	void restoreLoggingSystemProperties() {
		for (LoggingSystemProperty property : LoggingSystemProperty.values()) {
			String name = property.getEnvironmentVariableName();
			String value = this.savedSystemProperties.get(name);
			if (value != null) {
				System.setProperty(name, value);
			}
			else {
				System.clearProperty(name);
			}
		}
	}

	@Test
	void handlerLogLineIsJsonWithRequestIDNodeIDAndAction(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = startWithTheEcsProfile()) {
			assertWelcomeLineIsEcsJson(context, "Linus", output);
		}
	}

	@Test
	void handlerLogLineIsJsonWhileAnotherApplicationWithAPlainConsoleRuns(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext other = start()) {
			welcome(other, "Grace");
			assertThat(logLine(output, "Welcoming Grace")).doesNotStartWith("{");
			try (ConfigurableApplicationContext context = startWithTheEcsProfile()) {
				assertWelcomeLineIsEcsJson(context, "Linus", output);
			}
		}
	}

	private static void assertWelcomeLineIsEcsJson(ConfigurableApplicationContext context, String name,
			CapturedOutput output) throws Exception {
		ServiceBroker broker = welcome(context, name);
		JsonNode json = context.getBean(JsonMapper.class).readTree(logLine(output, "Welcoming " + name));
		assertThat(json.path("message").asString()).isEqualTo("Welcoming " + name);
		assertThat(json.path("log").path("logger").asString()).isEqualTo(GreeterService.class.getName());
		assertThat(json.path("nodeID").asString()).isEqualTo(broker.nodeID());
		assertThat(json.path("action").asString()).isEqualTo("greeter.welcome");
		assertThat(json.path("requestID").asString()).matches("[0-9a-f-]{32,36}");
	}

	private static ServiceBroker welcome(ConfigurableApplicationContext context, String name) throws Exception {
		ServiceBroker broker = context.getBean(ServiceBroker.class);
		assertThat(broker.call("greeter.welcome", Map.of("name", name)).get(10, TimeUnit.SECONDS))
			.isEqualTo("Welcome, " + name);
		return broker;
	}

	private static String logLine(CapturedOutput output, String message) {
		return output.getOut()
			.lines()
			.filter((candidate) -> candidate.contains(message))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No log line '" + message + "' in:\n" + output.getOut()));
	}

	private static ConfigurableApplicationContext startWithTheEcsProfile() {
		// Whether or not another application of this JVM configured Logback, this one does.
		LoggingSystem.get(StructuredLoggingTests.class.getClassLoader()).cleanUp();
		return start("ecs");
	}

	private static ConfigurableApplicationContext start(String... profiles) {
		return new SpringApplicationBuilder(EcommerceApplication.class).web(WebApplicationType.NONE)
			.profiles(profiles)
			.run();
	}

}
