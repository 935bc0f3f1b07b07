package io.github.moleculerspring.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code moleculer.errors.*}: what a node's error responses reveal.
 */
class ErrorPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class));

	@Test
	void stackTracesAndExceptionNamesStayOffTheWireByDefault() {
		MoleculerProperties properties = new MoleculerProperties();
		assertThat(properties.getErrors().isIncludeStack()).isFalse();
		assertThat(properties.getErrors().isIncludeException()).isFalse();
		assertThat(BrokerOptions.builder().build().errorStackTraces()).isFalse();
		assertThat(BrokerOptions.builder().build().errorExceptionNames()).isFalse();
		this.contextRunner.run((context) -> {
			BrokerOptions options = context.getBean(ServiceBroker.class).options();
			assertThat(options.errorStackTraces()).isFalse();
			assertThat(options.errorExceptionNames()).isFalse();
		});
	}

	@Test
	void propertiesTurnThemOn() {
		this.contextRunner.withPropertyValues("moleculer.errors.include-stack=true")
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.errorStackTraces()).isTrue();
				assertThat(options.errorExceptionNames()).isFalse();
			});
		this.contextRunner.withPropertyValues("moleculer.errors.include-exception=true")
			.run((context) -> {
				BrokerOptions options = context.getBean(ServiceBroker.class).options();
				assertThat(options.errorStackTraces()).isFalse();
				assertThat(options.errorExceptionNames()).isTrue();
			});
	}

	@Test
	@SuppressWarnings("unchecked")
	void theKeysHaveConfigurationMetadata() throws Exception {
		// Every metadata file on the classpath (the tests have one of their own besides the module's).
		List<Object> properties = new java.util.ArrayList<>();
		java.util.Enumeration<java.net.URL> files = getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (files.hasMoreElements()) {
			try (InputStream json = files.nextElement().openStream()) {
				Map<?, ?> metadata = JsonMapper.builder().build().readValue(json, Map.class);
				properties.addAll((List<Object>) metadata.get("properties"));
			}
		}
		assertThat(properties).map((property) -> (Object) ((Map<?, ?>) property).get("name"))
			.contains("moleculer.errors.include-stack", "moleculer.errors.include-exception",
					"moleculer.web.problem-details.enabled");
		assertThat(properties).filteredOn((property) -> ((Map<?, ?>) property).get("name")
			.equals("moleculer.errors.include-stack"))
			.singleElement()
			.satisfies((property) -> assertThat(((Map<?, ?>) property).get("description")).asString()
				.contains("stack traces"));
	}

}
